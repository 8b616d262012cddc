/**
 * The exploration report (README "Systematic exploration", `vtwin explore --json`), and merging
 * the reports of shards into the report of the whole exploration (`vtwin explore merge`).
 */
import { exportFinding, type ExploreFinding } from './export.js';
import type { Problem } from './problem.js';
import type { Bounds, Tally } from './search.js';
import type { Shard } from './run.js';

export type StoppedBy = 'depth' | 'preemptions' | 'time';

/** A finding as the report lists it: where its reproducer was written, if it was. */
export interface ReportFinding
  extends Pick<ExploreFinding, 'rule' | 'actor' | 'message' | 'schedule' | 'consequences' | 'shrunk' | 'inputs'> {
  /** Path of the pinned scenario, or null when no output directory was given. */
  scenario: string | null;
  /** Path of the reproducer's trace, or null. */
  trace: string | null;
}

export const EXPLORE_REPORT_FORMAT = 'vtwin-explore-report/1';

export interface ExploreReport {
  format: typeof EXPLORE_REPORT_FORMAT;
  source: string;
  kind: 'scenario' | 'trace';
  profile: string;
  bound: { depth: number | null; preemptions: number | null; timeMs: number | null };
  /** Every schedule explored: no bound cut anything. */
  complete: boolean;
  /** The bound that cut the exploration (time first, then depth, then preemptions), or null. */
  stoppedBy: StoppedBy | null;
  /** Paths explored to their end: an end node, a node visited before, or a bound. */
  schedules: number;
  /** Distinct nodes expanded (a node reached in two units counts twice). */
  states: number;
  moves: number;
  /** Schedules a naive enumeration runs (every order, no reduction, no dedup), or null past its budget. */
  naive: number | null;
  /** naive / schedules, or null. */
  reduction: number | null;
  statesPerSecond: number | null;
  elapsedMs: number | null;
  /** Units of work (subtrees under the plan's frontier), and the split depth in choice points. */
  units: number;
  split: number;
  /** For a shard (or merged shards): how many shards, and which ones this report covers. */
  shard: { count: number; indices: number[] } | null;
  /** Occurrences per rule (failed expectations as `expect:steps[i]`), documented ones included. */
  violations: Record<string, number>;
  /** Rules the scenario documents with `expect: violation`: counted, not findings. */
  documented: string[];
  /** Schedule that produced the first finding, or null. */
  firstFinding: number | null;
  findings: ReportFinding[];
}

export interface ReportInput {
  problem: Problem;
  tally: Tally;
  bounds: Bounds;
  naive: number | null;
  elapsedMs: number | null;
  units: number;
  split: number;
  shard?: Shard;
}

export function stoppedBy(t: Tally): StoppedBy | null {
  return t.cut.time ? 'time' : t.cut.depth ? 'depth' : t.cut.preemptions ? 'preemptions' : null;
}

/** The report, and the findings exported (shrunk, pinned) for writing. */
export function buildReport(x: ReportInput): { report: ExploreReport; findings: ExploreFinding[] } {
  const { tally } = x;
  const findings = tally.findings.map((f) => exportFinding(x.problem, f));
  const stop = stoppedBy(tally);
  const report: ExploreReport = {
    format: EXPLORE_REPORT_FORMAT,
    source: x.problem.source,
    kind: x.problem.kind,
    profile: x.problem.config.profile,
    bound: {
      depth: x.bounds.depth ?? null,
      preemptions: x.bounds.preemptions ?? null,
      timeMs: x.bounds.timeMs ?? null,
    },
    complete: stop === null,
    stoppedBy: stop,
    schedules: tally.schedules,
    states: tally.states,
    moves: tally.moves,
    naive: x.naive,
    reduction: x.naive !== null && tally.schedules > 0 ? x.naive / tally.schedules : null,
    statesPerSecond: x.elapsedMs !== null ? Math.round((tally.states * 1000) / Math.max(1, x.elapsedMs)) : null,
    elapsedMs: x.elapsedMs,
    units: x.units,
    split: x.split,
    shard: x.shard ? { count: x.shard.count, indices: [x.shard.index] } : null,
    violations: tally.violations,
    documented: x.problem.documented,
    firstFinding: tally.findings.length ? Math.min(...tally.findings.map((f) => f.schedule)) : null,
    findings: findings.map((f) => {
      const { rule, actor, message, schedule, consequences, shrunk, inputs } = f;
      return { rule, actor, message, schedule, consequences, shrunk, inputs, scenario: null, trace: null };
    }),
  };
  return { report, findings };
}

/** Exit code of `vtwin explore`: 1 a finding, 4 incomplete and nothing found, 0 complete and clean. */
export function exitCodeOf(r: ExploreReport): 0 | 1 | 4 {
  return r.findings.length ? 1 : r.complete ? 0 : 4;
}

function sameExploration(a: ExploreReport, b: ExploreReport): string | null {
  if (a.source !== b.source || a.profile !== b.profile) {
    return `another exploration (${b.source}, profile ${b.profile}; expected ${a.source}, profile ${a.profile})`;
  }
  if (JSON.stringify(a.bound) !== JSON.stringify(b.bound)) return 'other bounds';
  if (a.units !== b.units || a.split !== b.split) return `another plan (${b.units} units; expected ${a.units})`;
  if (!a.shard || !b.shard) return 'a report of a whole exploration, not a shard';
  if (a.shard.count !== b.shard.count) return `a shard of ${b.shard.count}, not of ${a.shard.count}`;
  return null;
}

/**
 * Two shard reports as one (merge in any order: the result is the same). Throws a RangeError
 * naming what differs when they come from different explorations or overlap. Until every shard is
 * in, the merged report is incomplete.
 */
export function mergeExploreReports(a: ExploreReport, b: ExploreReport): ExploreReport {
  const why = sameExploration(a, b);
  if (why) throw new RangeError(why);
  const sa = a.shard!;
  const sb = b.shard!;
  const overlap = sb.indices.find((i) => sa.indices.includes(i));
  if (overlap !== undefined) throw new RangeError(`shard ${overlap}/${sa.count} is in both reports`);
  const [first, second] = sa.indices[0]! < sb.indices[0]! ? [a, b] : [b, a];
  const violations = { ...first.violations };
  for (const [rule, n] of Object.entries(second.violations)) violations[rule] = (violations[rule] ?? 0) + n;
  const findings = [...first.findings];
  for (const f of second.findings) if (!findings.some((x) => x.rule === f.rule)) findings.push(f);
  const elapsedMs = first.elapsedMs !== null && second.elapsedMs !== null ? first.elapsedMs + second.elapsedMs : null;
  const schedules = first.schedules + second.schedules;
  const states = first.states + second.states;
  const naive = first.naive ?? second.naive;
  const indices = [...sa.indices, ...sb.indices].sort((x, y) => x - y);
  const timeUp = first.stoppedBy === 'time' || second.stoppedBy === 'time';
  const stop = timeUp ? 'time' : (first.stoppedBy ?? second.stoppedBy);
  return {
    ...first,
    complete: stop === null && indices.length === sa.count,
    stoppedBy: stop,
    schedules,
    states,
    moves: first.moves + second.moves,
    naive,
    reduction: naive !== null && schedules > 0 ? naive / schedules : null,
    statesPerSecond: elapsedMs !== null ? Math.round((states * 1000) / Math.max(1, elapsedMs)) : null,
    elapsedMs,
    violations,
    firstFinding: findings.length ? Math.min(...findings.map((f) => f.schedule)) : null,
    findings,
    shard: { count: sa.count, indices },
  };
}
