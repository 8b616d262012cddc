/**
 * `vtwin ingest` of a long QEMU log on two threads (docs/performance.md#ingest-on-two-threads): this thread parses
 * and plans the lines, a worker thread runs the shadow twin on the steps as they come, so the two
 * halves of the work overlap instead of adding up. The plan, the run and so the report are exactly
 * those of src/ingest's one-thread `ingest` (tested): the same steps reach the same twin in the same
 * order, packed as numbers on the way (src/ingest/stepCodec.ts). Whatever the worker cannot do (it
 * failed, or the stream gave up and the capture must be planned whole) is done here, by `ingest`.
 *
 * The worker stays for the next capture of the process (it does not keep the process alive): a
 * second ingest meets a worker whose code V8 has already optimised, as this thread's is.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { DeviceConfig } from '../../src/domain/config.js';
import { ingest, streamable, streamedResult, type IngestOptions, type IngestResult,
  type RunOutcome } from '../../src/ingest/ingest.js';
import type { Plan } from '../../src/ingest/plan.js';
import { StepPacker } from '../../src/ingest/stepCodec.js';
import { streamQemuLogTo, type StepFeed } from '../../src/ingest/stream.js';
import { cpus, workerFile as fileOf } from '../workers.js';
import type { FromWorker, ToWorker } from './shadowWorker.js';

/**
 * Below this many characters (about 400,000 lines of a QEMU log) a new `vtwin` process ingests
 * as fast or faster on one thread (measured on 2 cores: docs/performance.md#ingest-on-two-threads).
 * A worker starts cold: a second V8 isolate that loads the twin (~55 ms before its first step),
 * then optimises the replay's code while it runs, and on two cores it takes the core V8's
 * background compiler and collector threads otherwise have to themselves.
 */
export const PARALLEL_MIN_CHARS = 32_000_000;
/** Steps per message to the worker. */
const BATCH = 8192;
/**
 * Batches sent and not yet run before this thread waits for the worker: planning outruns the
 * replay, and without a bound every step of a long capture would queue up in memory.
 */
const AHEAD = 8;
/**
 * The worker's young generation, which a worker, unlike the main thread, can be given at start:
 * the replay's garbage is short-lived (commands, events, step objects), and with V8's default a
 * 1 M-line replay spent ~11% of its time in the collector; with this ~10% less time in all.
 */
const WORKER_YOUNG_MB = 96;
/** Give up on a worker that ran no batch for this long while this thread waited for it. */
const STALL_MS = 30_000;

export interface ParallelOptions {
  /** Use the worker from this many characters of capture on (tests make it small). */
  minChars?: number;
  /** Steps per chunk of the stream (src/ingest/stream.ts) and per message to the worker (tests). */
  chunk?: number;
  batch?: number;
  /** Told how the capture was ingested: on the worker, on this thread alone, or here after the worker's run gave up. */
  onPath?(path: 'worker' | 'one-thread' | 'fallback'): void;
}

/** Whether a capture of this size and kind would go to the worker (the CLI's and the bench's test). */
export function parallelWorthIt(text: string, opts: IngestOptions, p: ParallelOptions = {}): boolean {
  return text.length >= (p.minChars ?? PARALLEL_MIN_CHARS) && streamable(text, opts) && twoCores() &&
    existsSync(workerFile());
}

/** One CPU for the process: two threads would only take turns. */
const twoCores = (): boolean => cpus() >= 2;

/** `ingest(text, opts)`, its shadow run on a worker thread when the capture is a long QEMU log. */
export function ingestParallel(text: string, opts: IngestOptions, p: ParallelOptions = {}): IngestResult {
  if (!parallelWorthIt(text, opts, p)) {
    p.onPath?.('one-thread');
    return ingest(text, opts);
  }
  const remote = kept ?? newWorker();
  if (remote === null) {
    p.onPath?.('one-thread');
    return ingest(text, opts);
  }
  kept = remote;
  let ok = false;
  try {
    const begin = (so: Plan, config: DeviceConfig) => remote.begin(so, config, p.batch ?? BATCH);
    const s = streamQemuLogTo(text, { ...opts, chunk: p.chunk }, opts.profile ?? 'spec', begin);
    ok = s !== null;
    p.onPath?.(s === null ? 'fallback' : s.run === null ? 'one-thread' : 'worker');
    return s === null ? ingest(text, opts) : streamedResult(opts, s);
  } finally {
    // A run that did not end normally may leave the worker busy with it: start afresh next time.
    if (!ok) {
      remote.close();
      kept = null;
    }
  }
}

/**
 * Start the worker now, before the capture is even read, when it is likely to be wanted (the CLI
 * knows the file's size first): it loads the twin while this thread reads the file.
 */
export function startShadowWorker(): void {
  if (kept === null && twoCores() && existsSync(workerFile())) kept = newWorker();
}

/** A worker, or null when this platform cannot start one (then one thread does it all). */
function newWorker(): RemoteShadow | null {
  try {
    return new RemoteShadow();
  } catch {
    return null;
  }
}

/** The worker's file (tools/workers.ts): run from TypeScript sources there is none: one thread. */
function workerFile(): string {
  return fileOf(new URL('./shadowWorker.js', import.meta.url), new URL('../../cli/shadow-worker.mjs', import.meta.url));
}

let kept: RemoteShadow | null = null;

/** The shadow run on the worker, as the stream's StepFeed. */
class RemoteShadow {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private packer = new StepPacker(BATCH);
  private runs = 0;
  /** Batches posted (the worker counts those it ran in signal[1]). */
  private sent = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile(), { workerData: { port: port2, signal: this.signal }, transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    this.worker.unref();
  }

  begin(so: Plan, config: DeviceConfig, batch: number): StepFeed<RunOutcome> {
    // The parts of the plan a run reads (src/ingest/shadow.ts); the calibration stays here.
    const plan = { ...so, calibration: undefined, steps: [] } as unknown as Plan;
    const run = ++this.runs;
    this.sent = Atomics.load(this.signal, 1);
    this.packer = new StepPacker(batch);
    this.post({ t: 'start', run, plan, config });
    return {
      feed: (steps) => {
        const p = this.packer;
        for (let i = 0; i < steps.length; i++) {
          p.add(steps[i]!);
          if (p.length >= batch) this.flush();
        }
      },
      end: () => {
        this.flush();
        this.post({ t: 'end' });
        const m = this.answer(run);
        if (!m.ok) throw new Error(`shadow worker: ${m.error}`);
        return m.outcome;
      },
    };
  }

  private flush(): void {
    if (this.packer.length === 0) return;
    const packed = this.packer.take();
    this.post({ t: 'steps', packed }, [packed.words.buffer as ArrayBuffer]);
    this.sent++;
    const sig = this.signal;
    for (let ran = Atomics.load(sig, 1); this.sent - ran > AHEAD; ran = Atomics.load(sig, 1)) {
      if (Atomics.wait(sig, 1, ran, STALL_MS) === 'timed-out')
        throw new Error(`the shadow worker ran nothing for ${STALL_MS / 1000} s`);
    }
  }

  private post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
  }

  /** Block until the worker answers for `run` (ingest is synchronous); throws if it stalls. */
  private answer(run: number): FromWorker {
    const sig = this.signal;
    for (;;) {
      const posted = Atomics.load(sig, 0);
      const m = receiveMessageOnPort(this.port)?.message as FromWorker | undefined;
      // Run 0: the worker could not even load the twin.
      if (m !== undefined && (m.run === run || m.run === 0)) return m;
      if (m !== undefined) continue; // an earlier run's
      const ran = Atomics.load(sig, 1);
      if (Atomics.wait(sig, 0, posted, STALL_MS) === 'timed-out' && Atomics.load(sig, 1) === ran)
        throw new Error(`the shadow worker ran nothing for ${STALL_MS / 1000} s`);
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
