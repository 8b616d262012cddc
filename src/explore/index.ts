/**
 * Systematic exploration (README "Systematic exploration"): every order of the actors' commands
 * and the device's work within a bound, explored once up to independence, from a scenario or a
 * recorded run. Pure: the clock is injected (`now`), files are the CLI's business.
 */
import type { ExploreFinding } from './export.js';
import type { Problem } from './problem.js';
import { buildReport, type ExploreReport } from './report.js';
import { exploreAll, naiveCount, type RunOptions, type Shard } from './run.js';

export interface ExploreOptions extends RunOptions {
  shard?: Shard;
  /** Count the naive schedules (default true; shard 0 only); give up past this many nodes. */
  naive?: boolean;
  naiveMaxNodes?: number;
}

/** Default node budget of the naive count. */
export const NAIVE_MAX_NODES = 1_000_000;

/** Explore `problem` on this thread: the report, and each finding exported (shrunk, pinned). */
export function explore(problem: Problem, o: ExploreOptions): { report: ExploreReport; findings: ExploreFinding[] } {
  const started = o.now?.();
  const { plan, tally } = exploreAll(problem, o, o.shard);
  const elapsedMs = started !== undefined ? o.now!() - started : null;
  const counts = o.naive !== false && (!o.shard || o.shard.index === 0);
  const naive = counts ? naiveCount(problem, { maxNodes: o.naiveMaxNodes ?? NAIVE_MAX_NODES }) : null;
  const units = plan.units.length;
  return buildReport({ problem, tally, bounds: o.bounds, naive, elapsedMs, units, split: plan.split, shard: o.shard });
}

export { problemFromScenario, problemFromRun, type Problem, type RecordedRun } from './problem.js';
export { problemFromTrace, type TraceProblemOptions } from './fromTrace.js';
export { exploreAll, exploreUnit, planExploration, addTally, unitInShard, naiveCount, withDeadline } from './run.js';
export { TARGET_UNITS } from './run.js';
export type { Plan, RunOptions, Shard } from './run.js';
export { Search, emptyTally, type Bounds, type Tally, type Unit, type RawFinding } from './search.js';
export type { SearchOptions } from './search.js';
export { Machine, type Move, type Found } from './machine.js';
export { buildReport, exitCodeOf, mergeExploreReports, stoppedBy } from './report.js';
export type { ExploreReport, ReportFinding, StoppedBy } from './report.js';
export { exportFinding, isExpectationRule, type ExploreFinding } from './export.js';
export { countNaive } from './naive.js';
export { parseExploreReport, exploreReportSchema } from './reportSchema.js';
export { EXPLORE_REPORT_FORMAT } from './report.js';
