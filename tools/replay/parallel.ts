/**
 * Fold replay of a long trace file on several threads (docs/performance.md#fold-replay-on-several-threads):
 * src/analysis/foldSplit.ts cuts the trace at snapshots; worker threads fold the later stretches
 * from their snapshots while this thread folds the first, and the stretches are joined where their
 * state hashes meet. The result is always the one-thread fold's (tested); whatever a worker cannot
 * do (it failed, stalled, or its stretch diverged) this thread does.
 *
 * The workers stay for the next replay of the process and never keep the process alive.
 */
import { existsSync, statSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { foldSplit, splitPoints, type StretchOutcome } from '../../src/analysis/foldSplit.js';
import type { ReplayOptions, ReplayResult } from '../../src/analysis/replay.js';
import type { SegmentEntry } from '../../src/trace/format.js';
import type { TraceReader } from '../../src/trace/reader.js';
import { cpus, workerFile as fileOf } from '../workers.js';
import type { FoldAnswer, FoldJob } from './foldWorker.js';

/**
 * Below this many events a new `vtwin` process replays as fast or faster on one thread (measured
 * on 2 cores: docs/performance.md#fold-replay-on-several-threads). A worker starts cold: a second
 * V8 isolate that loads the twin (~55 ms) and then optimises the fold while it runs; on 2 cores its
 * compiling also takes the core this thread's background compiler would otherwise have to itself.
 * A process that folds more than once (the bench, a tool) keeps its workers warm and gains from
 * far shorter traces: it passes its own `minEvents`.
 */
export const PARALLEL_MIN_EVENTS = 5_000_000;
/**
 * A cap: every stretch but the first costs a snapshot read and a whole state hash, and more threads
 * than two were never measured (the development machine has 2 cores).
 */
const MAX_THREADS = 4;
/** Give up on a worker whose stretch made no progress for this long. */
const STALL_MS = 30_000;
/**
 * How many times as many events this thread's stretch gets as a worker's (src/analysis/foldSplit.ts):
 * a worker's stretch starts by reading its snapshot and hashing it whole. Measured on 2 cores
 * (docs/performance.md#fold-replay-on-several-threads): 1.0 left this thread waiting on the worker.
 */
const FIRST_WEIGHT = 1.25;
/** How often a waiting thread reports the workers' progress. */
const TICK_MS = 100;

export interface ParallelFoldOptions {
  /** Threads in all, this one included (default: the CPUs, at most 4); 1: one thread. */
  threads?: number;
  /** Use workers from this many events on (tests make it small). */
  minEvents?: number;
  /** Told how many threads folded the trace (1: this one alone). */
  onThreads?(n: number): void;
}

/** `foldReplay(reader)`, on several threads when the trace is long; `file` is the path `reader` read. */
export function foldReplayFile(reader: TraceReader, file: string, opts: ReplayOptions = {},
    p: ParallelFoldOptions = {}): ReplayResult {
  const workers: RemoteFold[] = [];
  for (let i = 0; i < threadsFor(reader, file, p) - 1; i++) {
    const w = kept[i] ?? newWorker();
    if (w === null) break;
    kept[i] = w;
    workers.push(w);
  }
  const splits = splitPoints(reader, workers.length + 1, FIRST_WEIGHT);
  const jobs = splits.map((seg, i) => workers[i]!.post({ file, size: reader.size, finalHash: reader.index!.finalHash,
    seg, until: splits[i + 1]?.snapshotOffset }));
  p.onThreads?.(splits.length + 1);
  const answered = splits.map(() => false);
  const progress = opts.progress;
  const report = progress === undefined ? undefined
    : () => progress(Math.min(reader.size, workDone(splits, workers)), reader.size);
  try {
    return foldSplit(reader, splits, (i) => {
      answered[i] = true;
      return workers[i]!.outcome(jobs[i]!, report);
    }, opts);
  } finally {
    // A worker whose answer was not waited for is still busy with its stretch: start afresh next time.
    for (let i = 0; i < splits.length; i++) {
      if (answered[i] && workers[i]!.alive) continue;
      workers[i]!.close();
      const at = kept.indexOf(workers[i]!);
      if (at >= 0) kept.splice(at, 1);
    }
  }
}

/** Threads to fold on: one for a short trace, one CPU, or a file a worker cannot read. */
function threadsFor(reader: TraceReader, file: string, p: ParallelFoldOptions): number {
  const threads = Math.max(1, Math.floor(p.threads ?? Math.min(cpus(), MAX_THREADS)));
  const events = reader.index?.events ?? 0;
  if (threads < 2 || events < (p.minEvents ?? PARALLEL_MIN_EVENTS) || !existsSync(workerFile())) return 1;
  try {
    return statSync(file).isFile() ? threads : 1;
  } catch {
    return 1;
  }
}

/** Bytes folded so far: this thread's stretch (done when it waits) and what each worker reported. */
function workDone(splits: readonly SegmentEntry[], workers: readonly RemoteFold[]): number {
  let done = splits[0]!.snapshotOffset;
  for (let i = 0; i < splits.length; i++) done += Math.max(0, workers[i]!.reached - splits[i]!.offset);
  return done;
}

/** Start the workers now, when a replay on several threads is likely: they load the twin meanwhile. */
export function startFoldWorkers(threads = Math.min(cpus(), MAX_THREADS)): void {
  if (!existsSync(workerFile())) return;
  for (let i = kept.length; i < threads - 1; i++) {
    const w = newWorker();
    if (w === null) return;
    kept.push(w);
  }
}

function workerFile(): string {
  return fileOf(new URL('./foldWorker.js', import.meta.url), new URL('../../cli/fold-worker.mjs', import.meta.url));
}

/** A worker, or null when this platform cannot start one (then this thread folds alone). */
function newWorker(): RemoteFold | null {
  try {
    return new RemoteFold();
  } catch {
    return null;
  }
}

const kept: RemoteFold[] = [];

/** One fold worker. */
class RemoteFold {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0]: answers posted; [1]: KiB of the file the current stretch has reached. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private jobs = 0;
  alive = true;


  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile(), { workerData: { port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
  }

  /** Where the current stretch stands in the file (bytes). */
  get reached(): number {
    return Atomics.load(this.signal, 1) * 1024;
  }

  post(job: Omit<FoldJob, 'job'>): number {
    const id = ++this.jobs;
    Atomics.store(this.signal, 1, 0);
    this.port.postMessage({ ...job, job: id } satisfies FoldJob);
    return id;
  }

  /** Block until the worker answers `job` (replay is synchronous); null if it failed or stalled. */
  outcome(job: number, report?: () => void): StretchOutcome | null {
    const sig = this.signal;
    let reached = Atomics.load(sig, 1);
    let still = 0;
    for (;;) {
      const posted = Atomics.load(sig, 0);
      const m = receiveMessageOnPort(this.port)?.message as FoldAnswer | undefined;
      // Job 0: the worker could not even load the twin.
      if (m !== undefined && (m.job === job || m.job === 0)) {
        if (!m.ok) this.alive = false;
        return m.ok ? m.outcome : null;
      }
      if (m !== undefined) continue; // an earlier job's
      if (Atomics.wait(sig, 0, posted, TICK_MS) !== 'timed-out') continue;
      report?.();
      const now = Atomics.load(sig, 1);
      still = now === reached ? still + TICK_MS : 0;
      reached = now;
      if (still >= STALL_MS) {
        this.alive = false;
        return null;
      }
    }
  }

  close(): void {
    this.alive = false;
    this.port.close();
    void this.worker.terminate();
  }
}
