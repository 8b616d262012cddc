/**
 * The worker thread of tools/ingest/parallel.ts: runs the shadow twin on the steps the main thread
 * plans, and answers once with the run's outcome. Every failure is an answer too (the main thread
 * then ingests the capture on its own), so the main thread never waits on a worker that died.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { answerer } from '../workers.js';
import type { DeviceConfig } from '../../src/domain/config.js';
import type { RunOutcome } from '../../src/ingest/shadow.js';
import type { Plan } from '../../src/ingest/plan.js';
import type { PackedSteps } from '../../src/ingest/stepCodec.js';
import type { ShadowFeed } from '../../src/ingest/shadow.js';

export type ToWorker =
  | { t: 'start'; run: number; plan: Plan; config: DeviceConfig }
  | { t: 'steps'; packed: PackedSteps }
  | { t: 'end' };

/** The answer to run `run` (the worker may have been left by an earlier run that never ended). */
export type FromWorker = { run: number; ok: true; outcome: RunOutcome } | { run: number; ok: false; error: string };

/** signal[0]: answers posted; signal[1]: step batches run (the main thread's sign of progress). */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

const answer = answerer<FromWorker>(port, signal);

try {
  // Loaded here, not at the top: a module that fails to load is then an answer, not a dead worker.
  const { runOutcome, startShadow } = await import('../../src/ingest/shadow.js');
  const { unpackSteps } = await import('../../src/ingest/stepCodec.js');
  let shadow: ShadowFeed | null = null;
  /** The run the messages are about; a failed run ignores the rest of its messages. */
  let run = 0;
  let failed = false;
  port.on('message', (m: ToWorker) => {
    if (m.t === 'start') {
      run = m.run;
      failed = false;
    }
    if (!failed) handle(m);
    // Every batch counts as run, a failed run's too: the main thread waits on this count.
    if (m.t === 'steps') {
      Atomics.add(signal, 1, 1);
      Atomics.notify(signal, 1);
    }
  });
  const handle = (m: ToWorker): void => {
    try {
      if (m.t === 'start') shadow = startShadow(m.plan, m.config);
      else if (m.t === 'steps') shadow!.feed(unpackSteps(m.packed));
      else {
        const r = shadow!.end();
        shadow = null;
        answer({ run, ok: true, outcome: runOutcome(r) });
      }
    } catch (e) {
      failed = true;
      shadow = null;
      answer({ run, ok: false, error: (e as Error)?.stack ?? String(e) });
    }
  };
} catch (e) {
  answer({ run: 0, ok: false, error: (e as Error)?.stack ?? String(e) });
}
