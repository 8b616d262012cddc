/**
 * Depth-first search of the tree of moves (README "Systematic exploration"), a stateless model
 * checker in the line of CHESS, loom and TLC, over a Machine:
 *
 * - sleep sets (Godefroid): after exploring move t from a node, t is put to sleep in the later
 *   siblings' subtrees until a move that depends on it runs; two independent moves are explored
 *   in one order only. Dependence is the footprints' (src/domain/footprint.ts).
 * - visited nodes (state fingerprint, rules' memory, positions) are not expanded again; with sleep
 *   sets a node is stored with its sleep set, and a later visit with a smaller one explores only
 *   the moves that are awake now and slept then.
 * - bounds: choice points (depth), departures from the default order (preemptions, CHESS-style
 *   delay bounding: the default is an actor's next command in written order, else the first ready
 *   item), time. With a depth or preemption bound the sleep-set reduction is off (an order it
 *   prunes could be the only one within the bound); visited nodes are then stored with the
 *   budget they were explored with.
 */
import type { Command } from '../domain/commands.js';
import { dependent, type Footprint } from '../domain/footprint.js';
import type { Consequence } from '../fuzz/campaign.js';
import { groupByRootCause, ruleKind, type CausalViolation } from '../fuzz/rootCause.js';
import type { Found, Machine, Move, PathEntry } from './machine.js';

export interface Bounds {
  /** Choice points along a path (nodes with more than one enabled move). */
  depth?: number;
  /** Departures from the default order along a path. */
  preemptions?: number;
  /** Milliseconds of exploration. */
  timeMs?: number;
}

export interface SearchOptions {
  bounds: Bounds;
  /** Sleep-set reduction (default: on, unless a depth or preemption bound is set). */
  reduction?: boolean;
  /** Visited-node dedup (default on). */
  dedup?: boolean;
  /** Milliseconds clock; required with a time bound. Injected: src/ never reads time. */
  now?: () => number;
  /** Stop when `now()` reaches this (a time bound shared by several searches). */
  deadline?: number;
  /** Do not expand nodes this many choice points deep: hand them out as units instead. */
  split?: number;
}

export interface Sleeper {
  key: string;
  fp: Footprint;
}

/** A root-cause violation the search saw first on some path. */
export interface RawFinding {
  rule: string;
  actor: string;
  message: string;
  /** Index (1-based) of the schedule that found it. */
  schedule: number;
  /** The path's commands up to the violation (prefix included). */
  commands: Command[];
  path: PathEntry[];
  /** Other rules it made fire on the paths explored (each once, first message), in causal order. */
  consequences: Consequence[];
}

export interface Tally {
  schedules: number;
  states: number;
  moves: number;
  violations: Record<string, number>;
  findings: RawFinding[];
  /** Which bounds cut a path or a move. */
  cut: { depth: boolean; preemptions: boolean; time: boolean };
}

/**
 * A unit of work: the subtree under a node some choice points deep, reached by `path` (move keys
 * from the root), with the moves to explore there and the search's sleep set and budgets at it.
 * Plain data: units cross worker threads and machines (`--shard`).
 */
export interface Unit {
  path: string[];
  todo: string[];
  sleep: Sleeper[];
  depth: number;
  delays: number;
}

interface Visit {
  sleep: string[];
  depth: number;
  delays: number;
}

const NONE: string[] = [];

function asleep(key: string, sleep: readonly Sleeper[]): boolean {
  for (let i = 0; i < sleep.length; i++) if (sleep[i]!.key === key) return true;
  return false;
}

/** The moves not asleep. */
function awake(moves: Move[], sleep: readonly Sleeper[]): Move[] {
  if (sleep.length === 0) return moves;
  return moves.filter((mv) => !asleep(mv.key, sleep));
}

/** Add `c` to a finding's consequences unless its rule is there already (the first message stays). */
export function addConsequence(list: Consequence[], c: Consequence): void {
  if (!list.some((x) => x.rule === c.rule)) list.push(c);
}

export function emptyTally(): Tally {
  const cut = { depth: false, preemptions: false, time: false };
  return { schedules: 0, states: 0, moves: 0, violations: {}, findings: [], cut };
}

export class Search {
  readonly tally = emptyTally();
  private readonly visited = new Map<number, Visit>();
  private readonly reduction: boolean;
  private readonly dedup: boolean;
  private readonly occ: CausalViolation[] = [];
  private readonly byRule = new Map<string, RawFinding>();
  private readonly keys: string[] = [];
  private stopped = false;
  /** Nodes handed out as units (with `split`), in the order the search met them. */
  readonly units: Unit[] = [];

  constructor(
    private readonly m: Machine,
    private readonly o: SearchOptions,
  ) {
    const bounded = o.bounds.depth !== undefined || o.bounds.preemptions !== undefined;
    this.reduction = o.reduction ?? !bounded;
    this.dedup = o.dedup ?? true;
    if (o.bounds.timeMs !== undefined && !o.now) throw new RangeError('a time bound needs a clock (now)');
  }

  /** Explore from the machine's current node (the root), or a unit's subtree. */
  run(unit?: Unit): Tally {
    const { bounds, now } = this.o;
    this.deadline = this.o.deadline ?? (bounds.timeMs !== undefined ? now!() + bounds.timeMs : undefined);
    if (unit) {
      for (const f of this.m.startFound) if (!f.documented) this.occ.push(this.occurrence(f, -1));
      this.replay(unit.path);
      this.dfs(unit.depth, unit.delays, unit.sleep, unit.todo);
    } else {
      this.record(this.m.startFound);
      this.dfs(0, 0, [], undefined);
    }
    return this.tally;
  }

  /** Walk to a unit's root, keeping its violations as causes of later ones (they were counted by the plan). */
  private replay(path: readonly string[]): void {
    for (const key of path) {
      const mv = this.m.moves().find((x) => x.key === key);
      if (!mv) throw new RangeError(`unit path: no move ${key} at step ${this.keys.length}`);
      this.keys.push(key);
      for (const f of this.m.step(mv).found) {
        if (!f.documented) this.occ.push(this.occurrence(f, this.m.fps.length - 1));
      }
    }
  }

  private deadline: number | undefined;

  private leaf(): void {
    this.tally.schedules++;
  }

  private timeUp(): boolean {
    if (this.stopped) return true;
    if (this.deadline !== undefined && (this.tally.moves & 127) === 0 && this.o.now!() >= this.deadline) {
      this.stopped = true;
      this.tally.cut.time = true;
    }
    return this.stopped;
  }

  /** The moves to explore at the current node, or null when it is covered already. */
  private todo(moves: Move[], depth: number, delays: number, sleep: Sleeper[]): Move[] | null {
    if (!this.dedup) {
      this.tally.states++;
      return awake(moves, sleep);
    }
    const key = this.m.key();
    const seen = this.visited.get(key);
    if (!seen) {
      this.visited.set(key, { sleep: sleep.length ? sleep.map((z) => z.key) : NONE, depth, delays });
      this.tally.states++;
      return awake(moves, sleep);
    }
    if (this.reduction) {
      if (seen.sleep.length === 0 || seen.sleep.every((k) => asleep(k, sleep))) return null;
      const out = moves.filter((mv) => seen.sleep.includes(mv.key) && !asleep(mv.key, sleep));
      seen.sleep = seen.sleep.filter((k) => asleep(k, sleep));
      return out;
    }
    if (seen.depth <= depth && seen.delays <= delays) return null;
    seen.depth = Math.min(seen.depth, depth);
    seen.delays = Math.min(seen.delays, delays);
    return moves;
  }

  private dfs(depth: number, delays: number, sleep: Sleeper[], forced?: string[]): void {
    if (this.timeUp()) return;
    const moves = this.m.moves();
    if (moves.length === 0) return this.leaf();
    const todo = forced ? moves.filter((mv) => forced.includes(mv.key)) : this.todo(moves, depth, delays, sleep);
    if (todo === null || todo.length === 0) return this.leaf();
    const { bounds } = this.o;
    const choice = moves.length > 1 ? 1 : 0;
    if (choice && bounds.depth !== undefined && depth >= bounds.depth) {
      this.tally.cut.depth = true;
      return this.leaf();
    }
    if (this.o.split !== undefined && !forced && depth >= this.o.split) {
      const keys = todo.map((mv) => mv.key);
      this.units.push({ path: this.keys.slice(), todo: keys, sleep: this.reduction ? sleep : [], depth, delays });
      return;
    }
    const done: Sleeper[] = this.reduction ? sleep.slice() : [];
    let mark: ReturnType<Machine['mark']> | null = null;
    let ran = 0;
    for (let i = 0; i < todo.length; i++) {
      const mv = todo[i]!;
      const extra = mv.key === moves[0]!.key ? 0 : 1;
      if (bounds.preemptions !== undefined && delays + extra > bounds.preemptions) {
        this.tally.cut.preemptions = true;
        continue;
      }
      if (ran > 0) this.m.restore(mark!);
      else if (i < todo.length - 1) mark = this.m.mark();
      ran++;
      const occLen = this.occ.length;
      const r = this.m.step(mv);
      this.keys.push(mv.key);
      this.tally.moves++;
      this.record(r.found);
      this.dfs(depth + choice, delays + extra, this.reduction ? done.filter((z) => !dependent(z.fp, r.fp)) : []);
      this.keys.pop();
      this.occ.length = occLen;
      if (this.stopped) return;
      if (this.reduction) done.push({ key: mv.key, fp: r.fp });
    }
    if (ran === 0) this.leaf();
  }

  /** Count what a move broke; the first violation of each root cause becomes a finding. */
  private record(found: Found[]): void {
    const at = this.m.fps.length - 1;
    for (const f of found) {
      this.tally.violations[f.rule] = (this.tally.violations[f.rule] ?? 0) + 1;
      if (f.documented) continue;
      const v = this.occurrence(f, at);
      this.occ.push(v);
      const root = groupByRootCause(this.occ).find((g) => g.root === v || g.consequences.includes(v))!.root;
      const rf = this.byRule.get(root.rule);
      if (root === v && !rf) {
        const { rule, actor, message } = f;
        const [schedule, commands, path] = [this.tally.schedules + 1, this.m.commands(), this.m.path.slice()];
        const finding: RawFinding = { rule, actor, message, schedule, commands, path, consequences: [] };
        this.byRule.set(f.rule, finding);
        this.tally.findings.push(finding);
      } else if (root !== v && rf && f.rule !== rf.rule) {
        addConsequence(rf.consequences, { rule: f.rule, actor: f.actor, message: f.message });
      }
    }
  }

  /**
   * A violation at step `at` of the path, for the root-cause grouping (src/fuzz/rootCause.ts): it
   * hands on its step, and is linked to every step that happens before it, following the
   * dependence of the moves' footprints.
   */
  private occurrence(f: Found, at: number): CausalViolation {
    const fps = this.m.fps;
    const before = new Set([at]);
    const todo = [at];
    while (todo.length) {
      const step = todo.pop()!;
      for (let j = 0; j < step; j++) {
        if (!before.has(j) && dependent(fps[j]!, fps[step]!)) {
          before.add(j);
          todo.push(j);
        }
      }
    }
    const { rule, seq, actor, message } = f;
    const links = [...before].map((j) => `#${j}`);
    return { rule, seq, actor, message, kind: ruleKind(rule), command: at, causes: [`#${at}`], links };
  }
}
