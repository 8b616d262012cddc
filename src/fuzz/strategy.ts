/**
 * How a fuzz run schedules work (README "Fuzz campaigns": strategies). `swarm` interleaves 0..k
 * random scheduler steps between the driver's actions. `pct` is probabilistic concurrency testing
 * (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) over the same scheduler: every thread
 * gets a random priority, the highest-priority thread that can move runs, and at d - 1 random
 * steps the running thread drops below all others. That finds a bug of depth d (d ordering
 * constraints) with probability at least 1/(n * k^(d-1)) per run, for n threads and k steps.
 *
 * Threads, in our setting: the driver (the run's stream of actions: PF driver, host, guests), and
 * one per strand of device work: each admin command (start, then complete), the reaper of each
 * admin queue, the host's resize and the mapper of each VF. Threads appear as their work does;
 * a new one gets a random priority among the existing ones. Steps are scheduling decisions
 * (an action, or one work item); change points are drawn in 1..k with k = PCT_STEPS_PER_ACTION x
 * actions, an upper bound on the steps of the safety phase that the bound assumes.
 */
import type { WorkItem } from '../domain/items.js';
import type { Rng } from '../engine/prng.js';

export type Strategy = 'swarm' | 'pct';
export const STRATEGIES: readonly Strategy[] = ['swarm', 'pct'];
export const DEFAULT_DEPTH = 3;
export const MAX_DEPTH = 16;
/** Steps budgeted per action for PCT's change points (an action starts at most ~3 work items). */
export const PCT_STEPS_PER_ACTION = 4;

/** The driver's thread: the run's actions, in order. */
export const DRIVER = 'driver';

/** The thread a work item belongs to. */
export function threadOf(item: WorkItem): string {
  switch (item.kind) {
    case 'aq.start':
    case 'aq.complete':
      return `aq:${item.q}:${item.cid}`;
    case 'aq.reap':
      return `reap:${item.q}`;
    case 'host.resize':
      return `resize:${item.fn}`;
    case 'mapper.issue':
    case 'mapper.abort':
      return `mapper:${item.fn}`;
  }
}

/** PCT's scheduler for one run. */
export class Pct {
  private readonly priority = new Map<string, number>();
  /** changeAt[j] = the step at which the running thread's priority drops to j + 1. */
  private readonly changeAt: number[] = [];
  private steps = 0;

  constructor(
    private readonly rng: Rng,
    private readonly depth: number,
    bound: number,
  ) {
    for (let j = 0; j < depth - 1; j++) this.changeAt.push(rng.int(1, Math.max(1, bound)));
  }

  /** A new thread's priority: random, above every change-point priority (1 .. d - 1). */
  private priorityOf(thread: string): number {
    let p = this.priority.get(thread);
    if (p === undefined) {
      p = this.depth + this.rng.int(0, 0x3fffffff);
      this.priority.set(thread, p);
    }
    return p;
  }

  private highest(threads: readonly string[]): string {
    let best = threads[0]!;
    let bp = this.priorityOf(best);
    for (let i = 1; i < threads.length; i++) {
      const t = threads[i]!;
      const p = this.priorityOf(t);
      // Equal random priorities are broken by name: deterministic, whatever the ready order.
      if (p > bp || (p === bp && t < best)) [best, bp] = [t, p];
    }
    return best;
  }

  /** The thread that takes the next step, among those that can move (non-empty). */
  next(threads: readonly string[]): string {
    this.steps++;
    const t = this.highest(threads);
    const j = this.changeAt.indexOf(this.steps);
    if (j < 0) return t;
    this.priority.set(t, j + 1);
    return this.highest(threads);
  }
}
