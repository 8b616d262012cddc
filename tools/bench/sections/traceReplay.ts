/**
 * Replay of a long trace: fold-replay rate of a >= 1 M-event trace against the raw msgpackr
 * decode rate of the same file, their ratio, what reexec replay costs beside fold, bytes per
 * event (of this trace and of a corpus of fuzz runs' traces) and the replay's peak memory.
 *
 * "Raw decode" is the floor: every record payload of the file (events and commands), already in
 * memory, decoded by one sequential Unpackr per record stream with a no-op callback. The fold replay
 * is everything a user runs: reading the file, checking frame checksums, decoding, fixing up
 * envelopes, evolve on the working copy, incremental state hashes at every checkpoint; on one
 * thread, and on this machine's CPUs (./common.ts `replayVsDecode`).
 */
import * as path from 'node:path';
import { foldReplay, reexecReplay } from '../../../src/analysis/replay.js';
import { fuzzRun, mixSeed } from '../../../src/fuzz/index.js';
import { memorySink } from '../../../src/trace/memory.js';
import { recordRun } from '../../../src/trace/runs.js';
import { openTraceFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { gc, timeBest } from '../harness.js';
import { bytesByPart, foldFigures, recordWorkload, replayVsDecode } from './common.js';

export const traceReplay: BenchSection = {
  name: 'trace-replay',
  description: 'fold replay vs raw msgpackr decode of the same >= 1 M-event trace (8 VFs)',
  run(ctx: BenchContext) {
    const events = ctx.quick ? 100_000 : 1_000_000;
    const file = path.join(ctx.tmp, 'long.vtrace');
    const rec = recordWorkload(file, 8, events);
    ctx.log(`recorded ${rec.summary.events} events, ${rec.summary.commands} commands in ${rec.seconds.toFixed(2)} s ` +
      `(${rate(rec.summary.events, rec.seconds)} events/s with the recorder)`);
    const foldOnce = (progress?: () => void) => {
      const reader = openTraceFile(file);
      const r = foldReplay(reader, { progress });
      reader.close();
      if (!r.ok) throw new Error(`bench trace did not replay: ${r.divergence?.reason}`);
    };
    // Peak memory from a separate, untimed one-thread replay (sampling costs a little), before the
    // timed folds start the fold workers, whose heaps would count in this process's RSS.
    gc();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    let n = 0;
    foldOnce(() => {
      if ((n++ & 7) !== 0) return;
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    });
    const times = replayVsDecode(file);
    const ev = rec.summary.events;
    ctx.figure({ name: 'events in trace', value: ev, unit: 'events' });
    foldFigures(ctx, ev, times, 0.8);
    const reexec = timeBest(ctx.quick ? 1 : 2, () => {
      const reader = openTraceFile(file);
      const r = reexecReplay(reader);
      reader.close();
      if (!r.ok) throw new Error(`bench trace did not replay by reexec: ${r.divergence?.reason}`);
    });
    ctx.figure({ name: 'reexec replay', value: ev / reexec, unit: 'events/s' });
    ctx.figure({ name: 'reexec / fold (time)', value: reexec / times.fold, unit: 'ratio',
      note: 'what re-executing the commands costs beside folding the events' });
    const parts = bytesByPart(file);
    ctx.figure({ name: 'file size per event', value: rec.summary.bytes / ev, unit: 'bytes/event',
      note: 'everything: events, commands, checkpoints, snapshots, index' });
    ctx.figure({ name: '  event stream per event', value: parts.events / ev, unit: 'bytes/event',
      note: 'events, command markers, checkpoints' });
    ctx.figure({ name: '  command stream per event', value: parts.commands / ev, unit: 'bytes/event',
      note: `${rec.summary.commands} commands, ${(parts.commands / rec.summary.commands).toFixed(1)} bytes each` });
    const corpus = fuzzCorpus(ctx.quick ? 50 : 200);
    ctx.figure({ name: 'fuzz corpus: bytes per event', value: corpus.bytes / corpus.events, unit: 'bytes/event',
      note: `${corpus.runs} spec fuzz runs recorded as traces, ${Math.round(corpus.events / corpus.runs)} events ` +
        `each; header, index and trailer ${(corpus.fixed / corpus.events).toFixed(1)} of it` });
    ctx.figure({ name: 'replay peak heap (used)', value: peakHeap / 2 ** 20, unit: 'MiB',
      note: `${(base.heapUsed / 2 ** 20).toFixed(1)} MiB before the replay` });
    ctx.figure({ name: 'replay peak RSS', value: peakRss / 2 ** 20, unit: 'MiB',
      note: `${(base.rss / 2 ** 20).toFixed(1)} MiB before; ` +
        `trace file ${(rec.summary.bytes / 2 ** 20).toFixed(1)} MiB` });
  },
};

function rate(n: number, s: number): string {
  return Math.round(n / s).toLocaleString('en-US');
}

/** The traces of the first `runs` runs of a spec fuzz campaign (seed 1), as `vtwin fuzz --out` writes them. */
function fuzzCorpus(runs: number): { runs: number; events: number; bytes: number; fixed: number } {
  let events = 0;
  let bytes = 0;
  let fixed = 0;
  for (let i = 0; i < runs; i++) {
    const seed = mixSeed(1, i);
    const r = fuzzRun({ seed, profile: 'spec', actions: 50 });
    const sink = memorySink();
    const s = recordRun(sink, { config: r.config, seed, producer: `fuzz seed=${seed}` }, r.commands);
    events += s.events;
    bytes += s.bytes;
    fixed += fixedBytes(sink.bytes());
  }
  return { runs, events, bytes, fixed };
}

/** Bytes of a trace that do not grow with its run: prefix, header frame, index frame, trailer. */
function fixedBytes(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerEnd = 12 + 12 + ((dv.getUint32(16, true) + 3) & ~3);
  const indexAt = dv.getUint32(bytes.length - 16, true);
  return headerEnd + (bytes.length - indexAt);
}

