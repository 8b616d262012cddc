/**
 * Replay of a long trace: fold-replay rate of a >= 1 M-event trace against the raw msgpackr
 * decode rate of the same file, their ratio, bytes per event and the replay's peak memory.
 *
 * "Raw decode" is the floor: every record payload of the file (events and commands), already in
 * memory, decoded by one sequential Unpackr per record stream with a no-op callback. The fold replay is everything a user
 * runs: reading the file, checking frame checksums, decoding, fixing up envelopes, evolve on the
 * working copy, incremental state hashes at every checkpoint.
 */
import * as path from 'node:path';
import { Unpackr } from 'msgpackr';
import { foldReplay } from '../../../src/analysis/replay.js';
import { openTraceFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { gc, timeBest } from '../harness.js';
import { recordWorkload, streamPayloads } from './common.js';

export const traceReplay: BenchSection = {
  name: 'trace-replay',
  description: 'fold replay vs raw msgpackr decode of the same >= 1 M-event trace (8 VFs)',
  run(ctx: BenchContext) {
    const events = ctx.quick ? 100_000 : 1_000_000;
    const file = path.join(ctx.tmp, 'long.vtrace');
    const rec = recordWorkload(file, 8, events);
    ctx.log(`recorded ${rec.summary.events} events, ${rec.summary.commands} commands in ${rec.seconds.toFixed(2)} s (${rate(rec.summary.events, rec.seconds)} events/s with the recorder)`);
    const streams = streamPayloads(file);
    const decode = timeBest(3, () => {
      for (const frames of streams) {
        const u = new Unpackr({ sequential: true });
        for (const p of frames) u.unpackMultiple(p, () => {});
      }
    });
    let peakHeap = 0;
    let peakRss = 0;
    gc();
    const base = process.memoryUsage();
    let n = 0;
    const fold = timeBest(3, () => {
      const reader = openTraceFile(file);
      const r = foldReplay(reader, {
        progress: () => {
          if ((n++ & 15) !== 0) return;
          const m = process.memoryUsage();
          peakHeap = Math.max(peakHeap, m.heapUsed);
          peakRss = Math.max(peakRss, m.rss);
        },
      });
      reader.close();
      if (!r.ok) throw new Error(`bench trace did not replay: ${r.divergence?.reason}`);
    });
    const ev = rec.summary.events;
    ctx.figure({ name: 'events in trace', value: ev, unit: 'events' });
    ctx.figure({ name: 'raw msgpackr decode', value: ev / decode, unit: 'events/s' });
    ctx.figure({ name: 'fold replay', value: ev / fold, unit: 'events/s' });
    ctx.figure({ name: 'fold / raw decode', value: decode / fold, unit: 'ratio', target: { op: '>=', value: 0.6 } });
    ctx.figure({ name: 'file size per event', value: rec.summary.bytes / ev, unit: 'bytes/event', note: 'all records: events, commands, checkpoints, index' });
    ctx.figure({ name: 'replay peak heap (used)', value: peakHeap / 2 ** 20, unit: 'MiB', note: `${(base.heapUsed / 2 ** 20).toFixed(1)} MiB before the replay` });
    ctx.figure({ name: 'replay peak RSS', value: peakRss / 2 ** 20, unit: 'MiB', note: `${(base.rss / 2 ** 20).toFixed(1)} MiB before; trace file ${(rec.summary.bytes / 2 ** 20).toFixed(1)} MiB` });
  },
};

function rate(n: number, s: number): string {
  return Math.round(n / s).toLocaleString('en-US');
}
