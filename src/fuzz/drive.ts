/**
 * Driving a campaign: chunks of run indices handed to an executor, results merged in index
 * order, then the kept findings shrunk. The executor is the only thing that varies (worker
 * threads in the CLI, this thread for a library user); the report never depends on it, nor on
 * the order chunks finish in. With `timeMs`, dispatch stops at the deadline and the report
 * covers exactly the chunks that finished (all earlier ones finish first: a prefix).
 */
import { runRange, shrinkFinding, type CampaignOptions, type Finding, type RunSummary } from './campaign.js';
import { addRuns, emptyReport, withFindings, type CampaignReport } from './report.js';
import { DEFAULT_DEPTH } from './strategy.js';

/** Runs and shrinks on request. Results are plain data (they may cross worker threads). */
export interface FuzzExecutor {
  /** How many chunks it works on at once (dispatch keeps up to twice that in flight). */
  readonly size: number;
  /**
   * Runs `from` .. `to` - 1. With `opts.deadline`, runs are cut at the deadline on `now` (an
   * executor on other threads uses its own clock, on the same time base).
   */
  runs(opts: CampaignOptions, from: number, to: number, now?: () => number): Promise<RunSummary[]>;
  shrink(finding: Finding): Promise<Finding>;
}

/** Everything on the calling thread, one chunk at a time. */
export const inProcessExecutor: FuzzExecutor = {
  size: 1,
  runs: (opts, from, to, now) => Promise.resolve().then(() => runRange(opts, from, to, now)),
  shrink: (finding) => Promise.resolve().then(() => shrinkFinding(finding)),
};

/** Run indices per dispatched chunk at most. */
export const CHUNK = 100;
/** Shards take whole blocks of run indices in turn: block b belongs to shard b mod count. */
export const BLOCK = 1000;

/**
 * Runs per chunk: about 5000 actions' worth, so a chunk of long runs still ends (and reports its
 * findings, and lets a signal in) soon. A divisor of CHUNK, so no chunk spans two blocks. The
 * report never depends on it.
 */
export function chunkSize(actions: number): number {
  return [100, 50, 25, 20, 10, 5, 4, 2, 1].find((n) => n * actions <= 5000) ?? 1;
}

/** One of `count` shards of a campaign (`--shard index/count`). */
export interface Shard {
  index: number;
  count: number;
}

export interface DriveOptions extends CampaignOptions {
  /** Run indices 0 .. runs - 1 (those of the shard). A campaign needs `runs` or `timeMs`. */
  runs?: number;
  /** Stop once `now()` has advanced this much since the start, cutting the runs still going. */
  timeMs?: number;
  shard?: Shard;
  /**
   * Stop at the first finding that shows one of these rules, as its root cause or as a
   * consequence (mutation scoring: the profile's `caughtBy`).
   */
  stopOn?: readonly string[];
  /** Runs finished, and the findings the report will list for them (one per root cause). */
  onProgress?: (runs: number, findings: number) => void;
  /** A finding that is, so far, the one its rule will be reported with (unshrunk). */
  onFinding?: (f: Finding) => void;
  /** Milliseconds clock for `timeMs`; injected, the campaign never reads time itself. */
  now?: () => number;
  /**
   * Asked between chunks: true stops dispatching (e.g. on SIGINT); the chunks in flight finish
   * and the report, marked partial, is returned unshrunk.
   */
  interrupted?: () => boolean;
  /** After each chunk: a function giving the report of the runs finished so far (partial). */
  onChunk?: (snapshot: () => CampaignReport) => void;
}

export function chunkInShard(from: number, shard?: Shard): boolean {
  return !shard || Math.floor(from / BLOCK) % shard.count === shard.index;
}

/** The first of `rules` a finding shows: its root's, else a consequence's; or null. */
export function shownRule(f: Finding, rules: readonly string[]): string | null {
  if (rules.includes(f.rule)) return f.rule;
  return f.consequences.find((c) => rules.includes(c.rule))?.rule ?? null;
}

/** The earliest finding of the finished runs that shows one of `rules`. */
function firstCatch(chunks: ReadonlyMap<number, readonly RunSummary[]>, rules: readonly string[], cutAt: number) {
  let best: Finding | null = null;
  for (const runs of chunks.values()) {
    for (const r of runs) {
      if (r.index >= cutAt || (best && r.index >= best.index)) continue;
      const f = r.findings.find((x) => shownRule(x, rules) !== null);
      if (f) best = f;
    }
  }
  return best;
}

/**
 * The campaign's report from its finished chunks (keyed by first run index), merged in index
 * order. With `stopOn`, only the runs up to the first catch count, so the figure is the same
 * however the runs were split, and the catching finding is the one its root rule is reported
 * with (told to keep the caught rule when shrunk). Runs from `cutAt` on are dropped: a time budget
 * cut a run there, and the report covers the runs before it (a prefix of the shard's runs).
 */
export function assembleReport(
  o: DriveOptions,
  chunks: ReadonlyMap<number, readonly RunSummary[]>,
  cutAt = Infinity,
): CampaignReport {
  const starts = [...chunks.keys()].sort((a, b) => a - b);
  const build = (last: number) => {
    let report = emptyReport(o.seed, o.profile, o.actions ?? 50, o.strategy ?? 'swarm', o.depth ?? DEFAULT_DEPTH);
    const keep = (r: RunSummary) => r.index < cutAt && r.index <= last;
    for (const from of starts) report = addRuns(report, chunks.get(from)!.filter(keep));
    return report;
  };
  const caught = o.stopOn ? firstCatch(chunks, o.stopOn, cutAt) : null;
  if (!caught) return build(Infinity);
  const report = build(caught.index);
  const rule = shownRule(caught, o.stopOn!)!;
  const catching = rule === caught.rule ? caught : { ...caught, keep: [rule] };
  return withFindings(report, [...report.findings.filter((f) => f.rule !== caught.rule), catching]);
}

/** What the progress line counts: the root-cause rules the report will list so far. */
class RootTally {
  private first = new Map<string, number>();
  private catchAt = Infinity;
  add(runs: readonly RunSummary[], stopOn?: readonly string[]): Finding[] {
    const kept: Finding[] = [];
    for (const r of runs) {
      for (const f of r.findings) {
        if (stopOn && shownRule(f, stopOn) !== null) this.catchAt = Math.min(this.catchAt, f.index);
        if (f.index < (this.first.get(f.rule) ?? Infinity)) {
          this.first.set(f.rule, f.index);
          kept.push(f);
        }
      }
    }
    return kept;
  }
  get caught(): boolean {
    return this.catchAt < Infinity;
  }
  get count(): number {
    let n = 0;
    for (const i of this.first.values()) if (i <= this.catchAt) n++;
    return n;
  }
}

export async function driveCampaign(executor: FuzzExecutor, o: DriveOptions): Promise<CampaignReport> {
  if (o.runs === undefined && o.timeMs === undefined) {
    throw new RangeError('a campaign needs a run count or a time budget');
  }
  if (o.timeMs !== undefined && !o.now) throw new RangeError('a time budget needs a clock (now)');
  const started = o.now?.() ?? 0;
  const deadline = o.timeMs !== undefined ? started + o.timeMs : undefined;
  const chunks = new Map<number, RunSummary[]>();
  const inflight = new Set<Promise<void>>();
  const tally = new RootTally();
  const size = chunkSize(o.actions ?? 50);
  let next = 0;
  let done = 0;
  let cutAt = Infinity;
  let stop = false;
  const limit = o.runs ?? Number.MAX_SAFE_INTEGER;
  // Only plain data crosses into workers.
  const campaign: CampaignOptions = {
    seed: o.seed, profile: o.profile, actions: o.actions, base: o.base, strategy: o.strategy, depth: o.depth, deadline,
  };
  const more = () => !stop && !o.interrupted?.() && next < limit && (deadline === undefined || o.now!() < deadline);
  while (more() || inflight.size) {
    while (more() && inflight.size < Math.max(2, executor.size * 2)) {
      const from = next;
      const to = Math.min(limit, from + size);
      next = to;
      if (!chunkInShard(from, o.shard)) continue;
      const p = executor.runs(campaign, from, to, o.now).then((runs) => {
        chunks.set(from, runs);
        if (runs.length < to - from) cutAt = Math.min(cutAt, from + runs.length);
        done += runs.length;
        for (const f of tally.add(runs, o.stopOn)) if (f.index < cutAt) o.onFinding?.(f);
        if (tally.caught) stop = true;
        o.onProgress?.(done, tally.count);
        o.onChunk?.(() => ({ ...assembleReport(o, chunks, cutAt), partial: true }));
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    if (inflight.size) await Promise.race(inflight);
  }
  const report = assembleReport(o, chunks, cutAt);
  if (o.interrupted?.()) return { ...report, partial: true };
  return withFindings(report, await Promise.all(report.findings.map((f) => executor.shrink(f))));
}
