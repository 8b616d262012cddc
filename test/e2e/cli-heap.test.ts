/**
 * `vtwin` sets V8's young generation to grow straight to its cap (tools/heap.ts), so a fold
 * replay's peak memory does not depend on the trace's length (docs/performance.md, "Where the time goes").
 * `setFlagsFromString` ignores a flag it does not know without a word, so this checks the effect:
 * a probe loaded into the process keeps objects alive until the young generation has grown, and
 * prints every size it passed through.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEAP_FLAGS } from '../../tools/heap.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'tools/vtwin-bin.cjs');
let probe: string;

const PROBE = `
const v8 = require('node:v8');
process.on('exit', () => {
  const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
  const sizes = [size()];
  const keep = [];
  for (let i = 0; i < 4e6; i++) {
    keep.push({ i });
    if (i % 50000 === 0 && size() !== sizes[sizes.length - 1]) sizes.push(size());
  }
  process.stderr.write('young-sizes=' + sizes.join(',') + '\\n');
});
`;

function youngSizes(args: string[]): number[] {
  const r = spawnSync(process.execPath, ['--require', probe, ...args], { encoding: 'utf8' });
  const m = /young-sizes=([\d,]+)/.exec(r.stderr);
  if (!m) throw new Error(`no probe output from node ${args.join(' ')}: ${r.stderr}`);
  return m[1]!.split(',').map(Number);
}

beforeAll(() => {
  const bundle = join(ROOT, 'dist/cli/vtwin.cjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
  probe = join(mkdtempSync(join(tmpdir(), 'vtwin-heap-')), 'probe.cjs');
  writeFileSync(probe, PROBE);
});

describe('vtwin heap setting', () => {
  it('a plain node process grows its young generation in several steps (the behaviour the setting removes)', () => {
    const sizes = youngSizes(['-e', '0']);
    expect(sizes.length).toBeGreaterThan(2);
  });

  it('under vtwin the young generation grows once, straight to its largest size', () => {
    const plain = youngSizes(['-e', '0']);
    const sizes = youngSizes([BIN, '--version']);
    // (Start-up may already have grown it once, before the setting is applied.)
    expect(sizes).toHaveLength(2);
    expect(sizes[1]).toBe(plain[plain.length - 1]);
  });

  it('the bin applies the same flag as tools/heap.ts, which the bench uses', () => {
    expect(readFileSync(BIN, 'utf8')).toContain(`setFlagsFromString('${HEAP_FLAGS}')`);
  });
});
