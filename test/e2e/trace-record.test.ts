/** `vtwin run --record` through the trace recorder, then the trace commands on what it wrote. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioFilesIn } from '../../src/scenario/file.js';
import { main } from '../../tools/cli.js';
import { bundledScenariosDir, mainCommand } from '../../tools/commands/main.js';
import { recordReplayPhase } from '../../tools/commands/traceRecord.js';
import { captureIo } from '../../tools/io.js';

const dir = mkdtempSync(join(tmpdir(), 'vtwin-record-'));
const scenarios = bundledScenariosDir();

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('recording scenario runs', () => {
  it('vtwin run --record writes a trace that replays in both modes and names its producer', async () => {
    const file = resolve(scenarios, 'pf-reset-with-commands-in-flight.json');
    const run = await vtwin('run', file, '--record', 'reset.vtrace');
    expect(run.code).toBe(0);
    for (const mode of ['fold', 'reexec']) {
      const r = await vtwin('replay', 'reset.vtrace', '--mode', mode);
      expect(r.code, r.out + r.err).toBe(0);
    }
    const info = JSON.parse((await vtwin('inspect', 'reset.vtrace', '--json')).out);
    expect(info.header.producer).toBe(`vtwin run ${file}`);
    expect(info.complete).toBe(true);
    expect(info.eventCounts['aq/aborted']).toBeGreaterThan(0);
  });

  it('the record+replay phase of `npm start` finds every bundled scenario consistent', async () => {
    const io = captureIo(dir);
    expect(await mainCommand({}, io, [recordReplayPhase])).toBe(0);
    const n = scenarioFilesIn(scenarios).length;
    expect(io.stdout).toMatch(
      new RegExp(`${n} scenarios recorded \\(\\d+ events, \\d+ bytes\\) and replayed by fold and reexec: ${n} ` +
      `consistent, 0 diverged`));
  });
});
