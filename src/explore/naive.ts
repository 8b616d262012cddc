/**
 * How many schedules a naive enumeration would run: every order of every enabled move, to the
 * end, with no reduction and no dedup. Counted without running them: the number of paths from
 * the root to an end node of the graph of nodes (a node's count is the sum of its children's,
 * remembered by node key), which costs one visit per distinct node and edge. Gives up (null) past
 * a node budget or a deadline; the count is a float once it passes 2^53.
 */
import type { Machine } from './machine.js';

export interface NaiveOptions {
  /** Distinct nodes to visit at most (default 2 000 000). */
  maxNodes?: number;
  now?: () => number;
  deadline?: number;
}

class GiveUp extends Error {}

export function countNaive(m: Machine, o: NaiveOptions = {}): number | null {
  const maxNodes = o.maxNodes ?? 2_000_000;
  const memo = new Map<number, number>();
  const busy = new Set<number>();
  let steps = 0;
  const count = (): number => {
    const moves = m.moves();
    if (moves.length === 0) return 1;
    const key = m.key();
    const known = memo.get(key);
    if (known !== undefined) return known;
    // A node on its own path: the graph has a cycle, and the tree is infinite.
    if (busy.has(key) || memo.size >= maxNodes) throw new GiveUp();
    if (o.deadline !== undefined && (++steps & 255) === 0 && o.now!() >= o.deadline) throw new GiveUp();
    busy.add(key);
    const mark = moves.length > 1 ? m.mark() : null;
    let total = 0;
    for (let i = 0; i < moves.length; i++) {
      if (i > 0) m.restore(mark!);
      m.step(moves[i]!);
      total += count();
    }
    busy.delete(key);
    memo.set(key, total);
    return total;
  };
  try {
    return count();
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}
