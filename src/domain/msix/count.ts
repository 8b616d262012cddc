/**
 * Interrupt counts for the scenario expectation `{expect: "interrupts", fn, vector, delivered,
 * pending?}` and the `interrupts` list of `vtwin run --json` (README "Expectations", "CLI
 * reference"): messages delivered per (function, vector) since the start, and whether the PBA bit
 * is set now. A vector "saw activity" when a message was delivered, latched or lost on it. Feed it
 * every event (it is an EngineObserver); read it with the current state.
 */
import type { Event } from '../events.js';
import type { TwinState } from '../state.js';
import { isPending } from './types.js';

export interface VectorCount {
  fn: number;
  vector: number;
  delivered: number;
  pending: boolean;
  /** Messages the host had no handler for (passthrough VFs). */
  lost: number;
}

export class InterruptCounter {
  private readonly seen = new Map<number, Map<number, { delivered: number; lost: number }>>();

  onEvent(e: Event): void {
    if (e.type === 'msix/delivered') this.slot(e.fn, e.vector).delivered += 1;
    else if (e.type === 'host/irqLost') this.slot(e.fn, e.vector).lost += 1;
    else if (e.type === 'msix/pended') this.slot(e.fn, e.vector);
  }

  /** Counts for one vector (zeros if it saw nothing). */
  get(s: Readonly<TwinState>, fn: number, vector: number): VectorCount {
    const c = this.seen.get(fn)?.get(vector);
    const m = s.fns[fn]?.msix;
    const pending = !!m && vector >= 0 && vector < m.tableSize && isPending(m, vector);
    return { fn, vector, delivered: c?.delivered ?? 0, lost: c?.lost ?? 0, pending };
  }

  /** Every vector that saw activity, by function then vector. */
  report(s: Readonly<TwinState>): VectorCount[] {
    const out: VectorCount[] = [];
    for (const fn of [...this.seen.keys()].sort((a, b) => a - b)) {
      for (const vector of [...this.seen.get(fn)!.keys()].sort((a, b) => a - b)) out.push(this.get(s, fn, vector));
    }
    return out;
  }

  private slot(fn: number, vector: number): { delivered: number; lost: number } {
    let byVec = this.seen.get(fn);
    if (!byVec) this.seen.set(fn, (byVec = new Map()));
    let c = byVec.get(vector);
    if (!c) byVec.set(vector, (c = { delivered: 0, lost: 0 }));
    return c;
  }
}
