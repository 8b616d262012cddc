/** Helpers shared by bench sections: recording a workload to a file, reading raw payloads. */
import * as fs from 'node:fs';
import { defaultConfig } from '../../../src/domain/device.js';
import { Engine } from '../../../src/engine/engine.js';
import { FRAME_HEADER_BYTES, FrameKind, PREFIX_BYTES } from '../../../src/trace/format.js';
import { openTraceFile, recordToFile } from '../../../src/trace/file.js';
import { foldReplay } from '../../../src/analysis/fold.js';
import { foldReplayFile } from '../../replay/parallel.js';
import { Unpackr } from 'msgpackr';
import { timeBest, type BenchContext } from '../harness.js';
import type { TraceSummary } from '../../../src/trace/writer.js';
import { runAdminWorkload } from '../workload.js';

/** Record the admin workload at `vfs` VFs until `events` events; rules off (not measured here). */
export function recordWorkload(file: string, vfs: number, events: number, seed = 1): { summary: TraceSummary;
    seconds: number } {
  const config = defaultConfig({ totalVFs: vfs });
  const t0 = process.hrtime.bigint();
  const rec = recordToFile(file, { config, seed, producer: `bench admin workload vfs=${vfs} events=${events}` });
  const engine = new Engine({ config, seed, rules: [], observers: [rec] });
  runAdminWorkload(engine, { events, seed });
  const summary = rec.finish();
  return { summary, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/**
 * The record payloads of a trace file, as the record streams they belong to (each segment's event
 * stream and command stream), i.e. everything a plain msgpackr decoder has to decode.
 */
export function streamPayloads(file: string): Uint8Array[][] {
  const bytes = fs.readFileSync(file);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams: Uint8Array[][] = [];
  let events: Uint8Array[] = [];
  let commands: Uint8Array[] = [];
  let at = PREFIX_BYTES;
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const kind = bytes[at + 1]!;
    const length = dv.getUint32(at + 4, true);
    const payload = bytes.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
    if (kind === FrameKind.Segment) streams.push((events = [payload]));
    else if (kind === FrameKind.Records) events.push(payload);
    else if (kind === FrameKind.CommandSegment) streams.push((commands = [payload]));
    else if (kind === FrameKind.Commands) commands.push(payload);
    else if (kind === FrameKind.Index) break;
    at += FRAME_HEADER_BYTES + ((length + 3) & ~3);
  }
  return streams;
}

/** Bytes of a trace file by what they hold (frame headers included). */
export function bytesByPart(file: string): { events: number; commands: number; snapshots: number; other: number } {
  const bytes = fs.readFileSync(file);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = { events: 0, commands: 0, snapshots: 0, other: PREFIX_BYTES };
  let at = PREFIX_BYTES;
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const kind = bytes[at + 1]!;
    const size = FRAME_HEADER_BYTES + ((dv.getUint32(at + 4, true) + 3) & ~3);
    if (kind === FrameKind.Segment || kind === FrameKind.Records) out.events += size;
    else if (kind === FrameKind.CommandSegment || kind === FrameKind.Commands) out.commands += size;
    else if (kind === FrameKind.Snapshot) out.snapshots += size;
    else out.other += size;
    at += size;
  }
  out.other += bytes.length - Math.min(at, bytes.length);
  return out;
}

/** Seconds for one pass of each, and the threads the parallel fold used. */
export interface ReplayTimes {
  decode: number;
  /** foldReplay: one thread. */
  fold: number;
  /** foldReplayFile with its workers kept warm between passes, on `threads` threads. */
  foldThreads: number;
  threads: number;
}

/**
 * Fold replay against raw decode of the same file, interleaved best of `reps` each so all see the
 * same machine load: the one-thread fold (src/analysis/fold.ts) and the fold on every CPU (up to
 * 4) with its stretches on worker threads (tools/replay/parallel.ts), whose workers stay warm from
 * one pass to the next as in any process that replays more than once.
 */
export function replayVsDecode(file: string, reps = 5): ReplayTimes {
  const streams = streamPayloads(file);
  const decodeOnce = () => {
    for (const frames of streams) {
      const u = new Unpackr({ sequential: true });
      for (const p of frames) u.unpackMultiple(p, () => {});
    }
  };
  let threads = 1;
  const foldOnce = (parallel: boolean) => {
    const reader = openTraceFile(file);
    const r = parallel ? foldReplayFile(reader, file, {}, { minEvents: 0, onThreads: (n) => void (threads = n) })
      : foldReplay(reader);
    reader.close();
    if (!r.ok) throw new Error(`${file} did not replay: ${r.divergence?.reason}`);
  };
  const t = { decode: Infinity, fold: Infinity, foldThreads: Infinity };
  for (let i = 0; i < reps; i++) {
    t.decode = Math.min(t.decode, timeBest(1, decodeOnce));
    t.fold = Math.min(t.fold, timeBest(1, () => foldOnce(false)));
    t.foldThreads = Math.min(t.foldThreads, timeBest(1, () => foldOnce(true)));
  }
  return { ...t, threads };
}

/**
 * The fold figures of a trace of `events` events: both folds' rates and their ratios to raw
 * decode. The target is the fold's on this machine's CPUs (what a process that replays gets);
 * the one-thread ratio is stated beside it.
 */
export function foldFigures(ctx: BenchContext, events: number, t: ReplayTimes, target: number, label = '',
    note?: string): void {
  const n = `${t.threads} thread${t.threads === 1 ? '' : 's'}`;
  ctx.figure({ name: `${label}raw msgpackr decode`, value: events / t.decode, unit: 'events/s' });
  ctx.figure({ name: `${label}fold replay, 1 thread`, value: events / t.fold, unit: 'events/s' });
  ctx.figure({ name: `${label}fold replay, ${n}`, value: events / t.foldThreads, unit: 'events/s' });
  ctx.figure({ name: `${label}fold / raw decode, 1 thread`, value: t.decode / t.fold, unit: 'ratio' });
  ctx.figure({ name: `${label}fold / raw decode, ${n}`, value: t.decode / t.foldThreads, unit: 'ratio',
    target: { op: '>=', value: target }, note });
}
