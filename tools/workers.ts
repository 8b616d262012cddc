/**
 * What the two worker-thread paths (tools/ingest/parallel.ts, tools/replay/parallel.ts) share:
 * which file to start a worker from, and whether this machine has the CPUs for one.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

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
