/**
 * Captured traces (README "Captured traces"): `vtwin ingest` of a synthesised 1 M-line QEMU log
 * (tools/bench/qemuLog.ts: legacy virtio-net guests on 4 VFs, then kicks and messages), measured
 * side by side with merely splitting the same text and matching every line with the parser's own
 * regexes. The ingest figure is what a user runs (`vtwin ingest`, tools/ingest/parallel.ts):
 * parse, plan, calibrate and the shadow replay checking the rules the report shows (the guest's and
 * the PF driver's), no trace written, the replay on a worker thread beside the planning. The
 * one-thread figure is src/ingest's `ingest`, what a library caller gets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ingest } from '../../../src/ingest/ingest.js';
import { matchQemuLines } from '../../../src/ingest/qemu/parse.js';
import { planQemuLog } from '../../../src/ingest/qemu/onePass.js';
import { ingestParallel, PARALLEL_MIN_CHARS } from '../../ingest/parallel.js';
import { vtwinOk } from '../cli.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { median, timeBest } from '../harness.js';
import { syntheticQemuLog } from '../qemuLog.js';

export const ingestSection: BenchSection = {
  name: 'ingest',
  description: 'vtwin ingest of a synthesised QEMU log: lines/s against splitting and regex-matching the same lines',
  run(ctx: BenchContext) {
    const text = syntheticQemuLog(ctx.quick ? 100_000 : 1_000_000);
    // JIT the whole path first, on both threads (the worker stays for the next ingest).
    const warm = syntheticQemuLog(20_000);
    ingest(warm, { file: 'warm-up.log' });
    ingestParallel(warm, { file: 'warm-up.log' }, { minChars: 0 });
    let lines = 0;
    const match = timeBest(3, () => void matchQemuLines(text));
    const parse = timeBest(2, () => void (lines = planQemuLog(text, 'bench.log').lines));
    let report: ReturnType<typeof ingest>['report'] | null = null;
    let events = 0;
    const paths: string[] = [];
    // Best of two like the parse, not one: a single 1 M-line ingest swung by ~10% from run to run.
    const oneThread = timeBest(2, () => void ingest(text, { file: 'bench.log' }));
    const full = timeBest(2, () => {
      const r = ingestParallel(text, { file: 'bench.log' }, { onPath: (p) => paths.push(p) });
      report = r.report;
      events = r.events;
    });
    const r = report as ReturnType<typeof ingest>['report'] | null;
    ctx.log(`${lines} lines: ${r?.verdict}, ${r?.observations} observations, ${events} twin events; ` +
      `the timed two-thread ingests ran ${[...new Set(paths)].join(' / ')} (${paths.length} of them; ` +
      `the worker is taken from ${PARALLEL_MIN_CHARS.toLocaleString('en-US')} characters)`);
    ctx.figure({ name: 'split + match (parser regexes)', value: lines / match, unit: 'lines/s' });
    ctx.figure({
      name: 'parse + plan, no replay',
      value: lines / parse,
      unit: 'lines/s',
      note: `ratio ${(match / parse).toFixed(2)}`,
    });
    ctx.figure({ name: 'ingest, one thread', value: lines / oneThread, unit: 'lines/s',
      note: `ratio ${(match / oneThread).toFixed(2)}` });
    ctx.figure({ name: 'ingest + shadow replay', value: lines / full, unit: 'lines/s',
      note: `what vtwin ingest runs: ${paths.includes('worker') ? 'the replay on a worker thread' : 'one thread'}` });
    ctx.figure({ name: 'twin events per line', value: events / lines, unit: 'events' });
    cold(ctx, text);
    ctx.figure({
      name: 'ingest / split + match',
      value: match / full,
      unit: 'ratio',
      target: { op: '>=', value: 0.3 },
      note: 'the replay runs the engine for each line, with the guest and PF driver rules',
    });
  },
};

/**
 * What a user running `vtwin ingest` once waits: new processes of the bin on the same log written
 * to a file, one thread and two (VTWIN_INGEST_WORKER), alternated. Nothing in them is warm.
 */
function cold(ctx: BenchContext, text: string): void {
  const file = path.join(ctx.tmp, 'bench-qemu.log');
  fs.writeFileSync(file, text);
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    one.push(vtwinOk(['ingest', file], { env: { VTWIN_INGEST_WORKER: '0' } }).ms);
    two.push(vtwinOk(['ingest', file], { env: { VTWIN_INGEST_WORKER: '1' } }).ms);
  }
  ctx.figure({ name: 'new process: vtwin ingest, 1 thread', value: median(one) / 1000, unit: 's',
    note: 'wall, start-up and reading the file included' });
  ctx.figure({ name: 'new process: vtwin ingest, 2 threads', value: median(two) / 1000, unit: 's',
    note: `wall; vtwin takes the worker from ${PARALLEL_MIN_CHARS.toLocaleString('en-US')} characters of capture` });
  fs.rmSync(file);
}
