/**
 * README "Guarantees": same seed + same inputs + same twin version => byte-identical trace, across
 * separate node processes (the built recorder under dist/, which test/setup/build-dist.ts keeps built), and
 * equal to what this process records in memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordWorkload } from '../../tools/bench/sections/common.js';

const script = join(process.cwd(), 'dist', 'tools', 'bench', 'record.js');

describe('trace determinism', () => {
  it('two node processes with the same seed write byte-identical traces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-det-'));
    const run = (name: string, seed: string) => {
      const r = spawnSync(process.execPath, [script, join(dir, name), '20000', '16', seed], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, name));
    };
    const a = run('a.vtrace', '11');
    const b = run('b.vtrace', '11');
    const c = run('c.vtrace', '12');
    expect(a.length).toBeGreaterThan(100_000);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    // ...and the same bytes as this process (vitest, transpiled sources) records.
    const here = join(dir, 'here.vtrace');
    recordWorkload(here, 16, 20000, 11);
    expect(readFileSync(here).equals(a)).toBe(true);
  });
});
