/**
 * `vtwin state --at` on a long trace: a seek folds from the nearest snapshot, and a fold of fewer
 * than 20,000 events runs with V8's optimising compiler off (tools/commands/state.ts). The state
 * must not depend on which: the same trace recorded without snapshots folds every event from the
 * start, with the compiler on, to the same state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/domain/device.js';
import { Engine } from '../../src/engine/engine.js';
import { recordToFile } from '../../src/trace/file.js';
import { runAdminWorkload } from '../../tools/bench/workload.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

let dir: string;

function record(file: string, snapshotEvery?: number): void {
  const config = defaultConfig({ totalVFs: 8 });
  const rec = recordToFile(join(dir, file), { config, seed: 3, snapshotEvery, producer: 'state-seek test' });
  runAdminWorkload(new Engine({ config, seed: 3, rules: [], observers: [rec] }), { events: 60_000, seed: 3 });
  rec.finish();
}

async function state(file: string, at: number) {
  const io = captureIo(dir);
  const code = await main(['state', file, '--at', String(at), '--json'], io);
  expect(io.stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.stdout) as { seq: number; value: unknown; fromSeq: number; folded: number };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-seek-'));
  record('snapshots.vtrace');
  record('none.vtrace', 1e9);
});

describe('vtwin state --at, a short fold and a long one', () => {
  it.each([123, 25_000, 41_234, 59_999])('seq %i: one state from a near snapshot or the start', async (at) => {
    const near = await state('snapshots.vtrace', at);
    const far = await state('none.vtrace', at);
    expect(near.folded).toBeLessThan(20_000); // the compiler off
    if (at >= 20_000) expect(far.folded).toBeGreaterThanOrEqual(20_000); // the compiler on
    expect(near.value).toEqual(far.value);
    expect(near.seq).toBe(at);
  });
});
