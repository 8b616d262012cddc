/** Worker thread of `vtwin explore --workers K`: explores units of work on request (no I/O). */
import { parentPort } from 'node:worker_threads';
import { exploreUnit, type Problem, type RunOptions, type Unit } from '../../src/explore/index.js';

export interface UnitJob {
  id: number;
  problem: Problem;
  unit: Unit;
  /** Bounds and the absolute deadline (epoch ms); the worker's clock is Date.now. */
  opts: Omit<RunOptions, 'now'>;
}

parentPort?.on('message', (job: UnitJob) => {
  try {
    const tally = exploreUnit(job.problem, job.unit, { ...job.opts, now: Date.now });
    parentPort!.postMessage({ id: job.id, ok: true, value: tally });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
