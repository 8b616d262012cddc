/**
 * Worker threads for `vtwin explore --workers K` (README "Systematic exploration"): each unit of
 * work is a job; results come back keyed by unit, so the report never depends on which worker
 * finished first. Without a compiled worker (tests run the TypeScript sources) or with K = 1,
 * units run on this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exploreUnit, type Problem, type RunOptions, type Tally, type Unit } from '../../src/explore/index.js';
import type { UnitJob } from './worker.js';

export class ExplorePool {
  readonly size: number;
  private readonly workers: Worker[] = [];

  /** `workerUrl`: the compiled worker (default: ./worker.js next to this module). */
  constructor(size: number, workerUrl: URL = new URL('./worker.js', import.meta.url)) {
    this.size = size > 1 && existsSync(fileURLToPath(workerUrl)) ? size : 1;
    for (let i = 0; this.size > 1 && i < this.size; i++) this.workers.push(new Worker(workerUrl));
  }

  /** Explore `units` (unit index, unit); tallies in the order given. */
  async explore(
    problem: Problem,
    units: readonly [number, Unit][],
    opts: RunOptions,
    onDone?: (n: number) => void,
  ): Promise<Tally[]> {
    const out: Tally[] = new Array(units.length);
    let done = 0;
    if (this.size <= 1) {
      for (let i = 0; i < units.length; i++) {
        // Yield between units so a progress line can be drawn.
        out[i] = await new Promise<Tally>((resolve, reject) =>
          setImmediate(() => {
            try {
              resolve(exploreUnit(problem, units[i]![1], opts));
            } catch (e) {
              reject(e as Error);
            }
          }),
        );
        onDone?.(++done);
      }
      return out;
    }
    const { now: _now, ...plain } = opts;
    let next = 0;
    const work = (w: Worker) =>
      new Promise<void>((resolve, reject) => {
        const take = () => {
          if (next >= units.length) return resolve();
          const i = next++;
          const job: UnitJob = { id: i, problem, unit: units[i]![1], opts: plain };
          w.once('message', (m: { id: number; ok: boolean; value?: Tally; error?: string }) => {
            if (!m.ok) return reject(new Error(`explore worker failed: ${m.error}`));
            out[m.id] = m.value!;
            onDone?.(++done);
            take();
          });
          w.postMessage(job);
        };
        w.once('error', reject);
        take();
      });
    await Promise.all(this.workers.map(work));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
