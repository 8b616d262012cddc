/**
 * What the two worker-thread paths (tools/ingest/parallel.ts, tools/replay/parallel.ts) share:
 * which file to start a worker from, whether this machine has the CPUs for one, how a worker answers.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';

/** CPUs this process may use; one means two threads would only take turns. */
export const cpus = (): number => availableParallelism();

/**
 * A worker's file: the bundle `npm run build` makes of it (tools/cliBundle.ts; it starts ~40 ms
 * sooner), unless tsc ran again since; else its compiled module. `module` and `bundle` are URLs
 * relative to the caller's own module.
 */
export function workerFile(module: URL, bundle: URL): string {
  const m = fileURLToPath(module);
  try {
    return statSync(fileURLToPath(bundle)).mtimeMs >= statSync(m).mtimeMs ? fileURLToPath(bundle) : m;
  } catch {
    return m;
  }
}

/**
 * A worker's way to answer: post the message, then count it in signal[0] and wake the main thread,
 * which blocks on that count (its commands are synchronous) and then reads the port.
 */
export function answerer<T>(port: MessagePort, signal: Int32Array): (m: T) => void {
  return (m) => {
    port.postMessage(m);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
}
