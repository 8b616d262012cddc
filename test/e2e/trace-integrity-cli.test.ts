/**
 * Damaged and foreign traces through the CLI (README "Traces"; exit codes in "CLI reference"):
 * exit 2 (bad input, naming the file) or 3 (a replay divergence), never 70 (internal error).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameKind } from '../../src/trace/format.js';
import { TWIN_VERSION } from '../../src/version.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';
import { workload } from '../unit/trace/helpers.js';
import { decodePlain, encodePlain, joinFrames, splitFrames } from '../unit/trace/reframe.js';

let dir: string;

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-integrity-'));
  const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'format1', 'admin-snapshots.vtrace'));
  const frames = splitFrames(fixture).filter((f) => f.kind !== FrameKind.Index);
  const i = frames.findIndex((f, n) => n > 6 && f.kind === FrameKind.Records);
  writeFileSync(join(dir, 'v1-repeated.vtrace'), joinFrames([...frames.slice(0, i + 1), ...frames.slice(i)], 1));
  writeFileSync(join(dir, 'v1-lost.vtrace'), joinFrames([...frames.slice(0, i), ...frames.slice(i + 1)], 1));
  writeFileSync(join(dir, 'v1.vtrace'), fixture);
  const run = workload(400);
  const all = splitFrames(run.bytes);
  const header = decodePlain(all[0]!.payload);
  header.twinVersion = '9.9.9';
  header.profile = 'future-quirk';
  (header.config as Record<string, unknown>).profile = 'future-quirk';
  writeFileSync(join(dir, 'newer.vtrace'), joinFrames([{ kind: FrameKind.Header, payload: encodePlain(header) },
    ...all.slice(1)]));
});

const commands = (f: string): string[][] => [
  ['replay', f], ['replay', f, '--mode', 'reexec'], ['state', f, '--at', '600'], ['check', f],
  ['blame', f, 'aq.nextCid'], ['diff', f, 'v1.vtrace'], ['export', f, '--format', 'perfetto'], ['timeline', f],
];

describe('damaged and foreign traces on the command line', () => {
  for (const f of ['v1-repeated.vtrace', 'v1-lost.vtrace']) {
    it(`${f}: every trace command ends with a verdict or a message naming the file, never an internal error`,
      async () => {
        const codes: string[] = [];
        for (const argv of commands(f)) {
          const r = await vtwin(...argv);
          codes.push(`${argv.slice(0, 3).join(' ')}: ${r.code}`);
          expect(r.err, argv.join(' ')).not.toMatch(/internal error/);
          const named = new RegExp(`^vtwin: ${f.replace('.', '\\.')}: at byte \\d+: `);
          if (r.code === 2) expect(r.err, argv.join(' ')).toMatch(named);
          expect([0, 1, 2, 3], argv.join(' ')).toContain(r.code);
        }
        expect(codes.filter((c) => c.startsWith('replay')).some((c) => c.endsWith(': 3') || c.endsWith(': 2')))
          .toBe(true);
      });
  }

  it('a trace from a newer twin is refused by every trace command (exit 2, naming the file); inspect shows it',
    async () => {
    for (const argv of commands('newer.vtrace')) {
      const r = await vtwin(...argv);
      expect([r.code, r.err], argv.join(' ')).toEqual([2,
        `vtwin: newer.vtrace: made by virtio-twin 9.9.9 with profiles this version (${TWIN_VERSION}) does not know: ` +
        'future-quirk\n']);
    }
    const shown = await vtwin('inspect', 'newer.vtrace');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/unknown {4}to this twin: future-quirk/);
  });
});
