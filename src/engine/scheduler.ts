/**
 * The scheduler decides which ready work item runs next: a uniform seeded pick, constrained by
 * scenario pins. Its choice becomes a `device.run` command (and a `sched/picked` event), so a
 * replay needs no PRNG.
 *
 * A pin `[a, b, c]` means: work for `b` may not run while `a` still has work outstanding, and so
 * on down the list (README "Steps": `pin`, e.g. complete w2 before w1).
 */
import type { WorkItem } from '../domain/items.js';
import { itemTag } from '../domain/items.js';
import type { TwinState } from '../domain/state.js';
import type { Rng } from './prng.js';
import { aqCommand } from '../domain/adminq/inflight.js';

export class Scheduler {
  private pins: string[][] = [];
  /** Set when the last pick found ready work that pins forbade, and nothing else. */
  blockedByPin: { tag: string; waitingFor: string } | null = null;

  constructor(private readonly rng: Rng) {}

  pin(order: readonly string[]): void {
    if (order.length > 1) this.pins.push([...order]);
  }

  clearPins(): void {
    this.pins = [];
  }

  pick(s: Readonly<TwinState>, ready: WorkItem[], filter?: (item: WorkItem) => boolean): WorkItem | null {
    this.blockedByPin = null;
    let candidates = filter ? ready.filter(filter) : ready;
    if (candidates.length === 0) return null;
    if (this.pins.length) {
      const outstanding = outstandingTags(s, ready);
      this.pins = this.pins.filter((p) => p.some((t) => outstanding.has(t)));
      const allowed = candidates.filter((item) => this.blockerOf(itemTag(item), outstanding) === null);
      if (allowed.length === 0) {
        const tag = itemTag(candidates[0]!)!;
        this.blockedByPin = { tag, waitingFor: this.blockerOf(tag, outstanding)! };
        return null;
      }
      candidates = allowed;
    }
    return candidates.length === 1 ? candidates[0]! : this.rng.pick(candidates);
  }

  /** The earlier pinned tag that still has work, if `tag` must wait for one. */
  private blockerOf(tag: string | undefined, outstanding: Set<string>): string | null {
    if (tag === undefined) return null;
    for (const order of this.pins) {
      const i = order.indexOf(tag);
      for (let j = 0; j < i; j++) if (outstanding.has(order[j]!)) return order[j]!;
    }
    return null;
  }
}

/** Tags with work still to do: ready items, and admin commands the device has not completed. */
function outstandingTags(s: Readonly<TwinState>, ready: WorkItem[]): Set<string> {
  const out = new Set<string>();
  for (const item of ready) {
    const t = itemTag(item);
    if (t !== undefined) out.add(t);
  }
  for (const q of s.aq.queues) for (const cid of q.pending) out.add(aqCommand(s.aq, cid)!.tag);
  return out;
}
