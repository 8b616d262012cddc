/**
 * A 10 M-event trace (8 VFs, the admin workload of trace-replay), used as a user would use it:
 * each figure is the wall time of a new `vtwin` process. The trace is recorded once and kept in
 * .vtwin-tmp/bench (recording takes a while); a 1 M-event one beside it shows that a fold's
 * memory does not grow with the trace.
 *
 * - inspect reads only the index: its time over the same command on a tiny trace;
 * - state --at a random seq seeks through the nearest snapshot: its time over the same command on
 *   a tiny trace (start-up, which cli-startup reports), against a full fold replay of the trace;
 * - peak RSS of a full fold replay (the `vtwin replay` process), at 1 M and 10 M events, both on
 *   the threads `vtwin replay` takes for the 10 M one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTraceFile } from '../../../src/trace/file.js';
import { DEFAULTS, FORMAT_VERSION } from '../../../src/trace/format.js';
import { TWIN_VERSION } from '../../../src/version.js';
import { vtwin, vtwinOk, type CliRun } from '../cli.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { median } from '../harness.js';
import { PARALLEL_MIN_EVENTS } from '../../replay/parallel.js';
import { cpus } from '../../workers.js';
import { recordWorkload } from './common.js';

/** The admin workload trace of `events` events from the cache, recorded if missing or stale. */
function cached(ctx: BenchContext, events: number, fresh = false): { file: string; events: number; bytes: number } {
  // Named by what shapes its bytes (format, twin, snapshot interval): a stale one is never reused.
  const file = path.join(ctx.cache,
    `admin-8vf-${events}-format${FORMAT_VERSION}-twin${TWIN_VERSION}-m${DEFAULTS.snapshotEvery}.vtrace`);
  if (!fresh && fs.existsSync(file)) {
    try {
      const r = openTraceFile(file);
      const n = r.index?.events ?? 0;
      r.close();
      if (n >= events) return { file, events: n, bytes: fs.statSync(file).size };
    } catch {
      // Unreadable (a run killed while recording it): record it again.
    }
  }
  const rec = recordWorkload(file, 8, events);
  ctx.log(`recorded ${path.relative(process.cwd(), file)}: ${rec.summary.events} events in ` +
    `${rec.seconds.toFixed(1)} s (kept for the next run)`);
  return { file, events: rec.summary.events, bytes: rec.summary.bytes };
}

/**
 * A full fold replay by the CLI on `threads` threads, peak RSS measured; the cached trace is
 * recorded again if it no longer replays.
 */
function foldReplay(ctx: BenchContext, events: number, threads: number): { trace: ReturnType<typeof cached>;
    run: CliRun } {
  const env = { VTWIN_REPLAY_THREADS: String(threads) };
  let trace = cached(ctx, events);
  let run = vtwin(['replay', trace.file], { rss: true, env });
  if (run.code !== 0) {
    ctx.log(`${path.basename(trace.file)} no longer replays (${run.stdout.trim() || run.stderr.trim()}): ` +
      'recording it again');
    trace = cached(ctx, events, true);
    run = vtwinOk(['replay', trace.file], { rss: true, env });
  }
  return { trace, run };
}

/** `n` runs of the tiny-trace command, each followed by the big-trace one: their walls and differences. */
function paired(n: number, tiny: (i: number) => string[], big: (i: number) => string[]) {
  const out = { tiny: [] as number[], big: [] as number[], diff: [] as number[] };
  for (let i = 0; i < n; i++) {
    const a = vtwinOk(tiny(i)).ms;
    const b = vtwinOk(big(i)).ms;
    out.tiny.push(a);
    out.big.push(b);
    out.diff.push(b - a);
  }
  return out;
}

/** Deterministic "random" seqs in [0, n). */
function seqs(n: number, count: number): number[] {
  let x = 0x2545f491;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(Math.floor((x / 2 ** 32) * n));
  }
  return out;
}

export const bigTrace: BenchSection = {
  name: 'big-trace',
  description: 'a 10 M-event trace through the CLI: inspect, state --at, full fold replay and its peak RSS',
  run(ctx: BenchContext) {
    const [small, big] = ctx.quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000];
    const tiny = path.join(ctx.tmp, 'tiny.vtrace');
    const tinyEvents = recordWorkload(tiny, 8, 2000).summary.events;
    // Both on the threads `vtwin replay` folds the big trace on (its CPUs, from 5 M events): what
    // the memory of a fold does with the trace's length, the thread count the same.
    const threads = big >= PARALLEL_MIN_EVENTS ? Math.min(cpus(), 4) : 1;
    const a = foldReplay(ctx, small, threads);
    const b = foldReplay(ctx, big, threads);
    // Each run on the big trace is paired with the same command on the tiny one, run just before:
    // the difference is what the big trace costs, with start-up and the machine's drift cancelled.
    const n = ctx.quick ? 3 : 15; // paired differences of ~15 ms between ~100 ms runs need a few more samples
    const inspect = paired(n, () => ['inspect', tiny], () => ['inspect', b.trace.file]);
    const at = seqs(b.trace.events, n);
    const state = paired(n, () => ['state', tiny, '--at', String(tinyEvents >> 1), '--path', 'sriov'],
      (i) => ['state', b.trace.file, '--at', String(at[i]), '--path', 'sriov']);
    const inspectBig = median(inspect.big);
    const inspectTiny = median(inspect.tiny);
    const stateBig = median(state.big);
    const stateTiny = median(state.tiny);
    const seek = Math.max(0.1, median(state.diff));
    const mb = b.trace.bytes / 2 ** 20;
    ctx.figure({ name: 'events in the big trace', value: b.trace.events, unit: 'events' });
    ctx.figure({ name: 'file size', value: mb, unit: 'MiB' });
    ctx.figure({ name: 'file size per event', value: b.trace.bytes / b.trace.events, unit: 'bytes/event',
      target: { op: '<=', value: 20 }, note: 'a goal' });
    ctx.figure({ name: 'inspect, big trace (wall)', value: inspectBig, unit: 'ms', note: `median of ${n}` });
    ctx.figure({ name: 'inspect: over a tiny trace', value: median(inspect.diff), unit: 'ms',
      target: { op: '<=', value: 50 }, note: `reads only the index; tiny trace ${inspectTiny.toFixed(0)} ms` });
    ctx.figure({ name: 'state --at random seq (wall)', value: stateBig, unit: 'ms',
      note: `median of ${n}; ${Math.min(...state.big).toFixed(0)}..${Math.max(...state.big).toFixed(0)} ms` });
    ctx.figure({ name: 'state --at: seek (over tiny trace)', value: seek, unit: 'ms', target: { op: '<=', value: 50 },
      note: `median of ${n} paired differences; start-up (same command, tiny trace) ${stateTiny.toFixed(0)} ms` });
    ctx.figure({ name: 'full fold replay (wall)', value: b.run.ms / 1000, unit: 's',
      note: `${Math.round(b.trace.events / (b.run.ms / 1000)).toLocaleString('en-US')} events/s, ${threads} ` +
        `thread${threads === 1 ? '' : 's'}` });
    if (threads > 1) {
      // The same replay on one thread: what the workers save a new process (they start cold).
      const one = median([0, 1, 2].map(() => vtwinOk(['replay', b.trace.file], { env: { VTWIN_REPLAY_THREADS: '1' } })
        .ms));
      const two = median([0, 1].map(() => vtwinOk(['replay', b.trace.file], { env: { VTWIN_REPLAY_THREADS:
        String(threads) } }).ms).concat(b.run.ms));
      ctx.figure({ name: 'full fold replay, 1 thread (wall)', value: one / 1000, unit: 's', note: 'median of 3' });
      ctx.figure({ name: `full fold replay, ${threads} threads (wall)`, value: two / 1000, unit: 's',
        note: 'median of 3' });
    }
    ctx.figure({ name: 'fold replay / state --at seek', value: b.run.ms / seek, unit: 'x',
      target: { op: '>=', value: 100 } });
    const on = `on ${threads} thread${threads === 1 ? '' : 's'}`;
    ctx.figure({ name: `fold replay peak RSS, ${small / 1e6} M events`, value: a.run.rssMiB ?? NaN, unit: 'MiB',
      note: on });
    ctx.figure({ name: `fold replay peak RSS, ${big / 1e6} M events`, value: b.run.rssMiB ?? NaN, unit: 'MiB',
      target: { op: '<=', value: 200 }, note: on });
    ctx.figure({ name: 'peak RSS growth, 1 M -> 10 M events', value: 100 * Math.abs((b.run.rssMiB ?? NaN) /
      (a.run.rssMiB ?? NaN) - 1), unit: '%', target: { op: '<=', value: 20 }, note: 'flat: within 20%' });
  },
};
