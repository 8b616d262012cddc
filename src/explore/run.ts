/**
 * An exploration, split into units of work by choice-point prefix (README "Systematic
 * exploration"): a plan explores the top of the tree and hands out every node a few choice points
 * deep as a unit; each unit is explored on its own (its own visited nodes), in any thread or on
 * any machine. The plan depends on the problem and bounds only, never on how many workers or
 * shards there are, and tallies are added in unit order, so any split gives the same totals.
 */
import { Machine } from './machine.js';
import { countNaive, type NaiveOptions } from './naive.js';
import type { Problem } from './problem.js';
import { addConsequence, emptyTally, Search, type Bounds, type Tally, type Unit } from './search.js';

/** Units the plan aims for (it stops splitting deeper once it has this many). */
export const TARGET_UNITS = 64;
const MAX_SPLIT = 12;

export interface RunOptions {
  bounds: Bounds;
  /** Milliseconds clock (time bound, states per second). Injected: src/ never reads time. */
  now?: () => number;
  /** Absolute time (by `now`) at which to stop; default start + bounds.timeMs. */
  deadline?: number;
  /** Freeze shared state (tests): a write the copy-on-write missed throws. */
  freeze?: boolean;
  /** Sleep-set reduction on or off (default: on unless a depth or preemption bound is set). */
  reduction?: boolean;
}

export interface Plan {
  /** Choice points deep at which units start (0: the plan explored everything). */
  split: number;
  units: Unit[];
  /** What the plan itself explored (the top of the tree). */
  tally: Tally;
}

function search(problem: Problem, o: RunOptions, split?: number): Search {
  const m = new Machine(problem, { freeze: o.freeze });
  return new Search(m, { bounds: o.bounds, now: o.now, deadline: o.deadline, reduction: o.reduction, split });
}

export function withDeadline(o: RunOptions): RunOptions {
  if (o.deadline !== undefined || o.bounds.timeMs === undefined) return o;
  if (!o.now) throw new RangeError('a time bound needs a clock (now)');
  return { ...o, deadline: o.now() + o.bounds.timeMs };
}

export function planExploration(problem: Problem, o: RunOptions): Plan {
  let last: Plan | null = null;
  for (let split = 1; split <= MAX_SPLIT; split++) {
    const s = search(problem, o, split);
    const tally = s.run();
    last = { split, units: s.units, tally };
    if (s.units.length === 0) return { split: 0, units: [], tally };
    if (s.units.length >= TARGET_UNITS || tally.cut.time) break;
  }
  return last!;
}

export function exploreUnit(problem: Problem, unit: Unit, o: RunOptions): Tally {
  return search(problem, o).run(unit);
}

/** `b` after `a`: sums, and findings of rules `a` has not found (schedule numbers continue); consequences joined. */
export function addTally(a: Tally, b: Tally): Tally {
  const violations = { ...a.violations };
  for (const [rule, n] of Object.entries(b.violations)) violations[rule] = (violations[rule] ?? 0) + n;
  const findings = a.findings.map((f) => ({ ...f, consequences: [...f.consequences] }));
  for (const f of b.findings) {
    const mine = findings.find((x) => x.rule === f.rule);
    if (!mine) findings.push({ ...f, schedule: f.schedule + a.schedules, consequences: [...f.consequences] });
    else for (const c of f.consequences) addConsequence(mine.consequences, c);
  }
  return {
    schedules: a.schedules + b.schedules,
    states: a.states + b.states,
    moves: a.moves + b.moves,
    violations,
    findings,
    cut: {
      depth: a.cut.depth || b.cut.depth,
      preemptions: a.cut.preemptions || b.cut.preemptions,
      time: a.cut.time || b.cut.time,
    },
  };
}

export interface Shard {
  index: number;
  count: number;
}

/** Whether unit `i` belongs to `shard` (units are dealt round-robin). */
export function unitInShard(i: number, shard?: Shard): boolean {
  return !shard || i % shard.count === shard.index;
}

/** The plan (counted by shard 0 only) and this shard's units, in unit order, on this thread. */
export function exploreAll(problem: Problem, o: RunOptions, shard?: Shard): { plan: Plan; tally: Tally } {
  const opts = withDeadline(o);
  const plan = planExploration(problem, opts);
  let tally = !shard || shard.index === 0 ? plan.tally : emptyTally();
  plan.units.forEach((u, i) => {
    if (!unitInShard(i, shard)) return;
    if (opts.deadline !== undefined && opts.now!() >= opts.deadline) {
      tally.cut.time = true;
      return;
    }
    tally = addTally(tally, exploreUnit(problem, u, opts));
  });
  return { plan, tally };
}

/** The naive schedule count of the whole tree, or null past the budget. */
export function naiveCount(problem: Problem, o: NaiveOptions = {}): number | null {
  return countNaive(new Machine(problem), o);
}
