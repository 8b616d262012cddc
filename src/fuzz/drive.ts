/**
 * Driving a campaign: chunks of run indices handed to an executor, results merged in index
 * order, then the kept findings shrunk. The executor is the only thing that varies (worker
 * threads in the CLI, this thread for a library user); the report never depends on it, nor on
 * the order chunks finish in. With `timeMs`, dispatch stops at the deadline and the report
 * covers exactly the chunks that finished (all earlier ones finish first: a prefix).
 */
import { runRange, shrinkFinding, type CampaignOptions, type Finding, type RunSummary } from './campaign.js';
import { addRuns, emptyReport, withFindings, type CampaignReport } from './report.js';

/** Runs and shrinks on request. Results are plain data (they may cross worker threads). */
export interface FuzzExecutor {
  /** How many chunks it works on at once (dispatch keeps up to twice that in flight). */
  readonly size: number;
  runs(opts: CampaignOptions, from: number, to: number): Promise<RunSummary[]>;
  shrink(finding: Finding): Promise<Finding>;
}

/** Everything on the calling thread, one chunk at a time. */
export const inProcessExecutor: FuzzExecutor = {
  size: 1,
  runs: (opts, from, to) => Promise.resolve().then(() => runRange(opts, from, to)),
  shrink: (finding) => Promise.resolve().then(() => shrinkFinding(finding)),
};

/** Run indices per dispatched chunk. */
export const CHUNK = 100;
/** Shards take whole blocks of run indices in turn: block b belongs to shard b mod count. */
export const BLOCK = 1000;

/** One of `count` shards of a campaign (`--shard index/count`). */
export interface Shard {
  index: number;
  count: number;
}

export interface DriveOptions extends CampaignOptions {
  /** Run indices 0 .. runs - 1 (those of the shard). A campaign needs `runs` or `timeMs`. */
  runs?: number;
  /** Stop dispatching once `now()` has advanced this much since the start. */
  timeMs?: number;
  shard?: Shard;
  /** Stop as soon as a chunk contains a finding this predicate accepts (mutation scoring). */
  stopWhen?: (f: Finding) => boolean;
  onProgress?: (runs: number, findings: number) => void;
  /** Milliseconds clock for `timeMs`; injected, the campaign never reads time itself. */
  now?: () => number;
}

export function chunkInShard(from: number, shard?: Shard): boolean {
  return !shard || Math.floor(from / BLOCK) % shard.count === shard.index;
}

/**
 * The campaign's report from its finished chunks (keyed by first run index), merged in index
 * order. With `stopWhen`, only the runs up to the first accepted finding count, so the figure
 * is the same however the runs were split.
 */
export function assembleReport(o: DriveOptions, chunks: ReadonlyMap<number, readonly RunSummary[]>): CampaignReport {
  const starts = [...chunks.keys()].sort((a, b) => a - b);
  const build = (keep: (r: RunSummary) => boolean) => {
    let report = emptyReport(o.seed, o.profile, o.actions ?? 50);
    for (const from of starts) report = addRuns(report, chunks.get(from)!.filter(keep));
    return report;
  };
  const report = build(() => true);
  if (!o.stopWhen) return report;
  const first = report.findings.filter(o.stopWhen).sort((a, b) => a.index - b.index)[0];
  return first ? build((r) => r.index <= first.index) : report;
}

export async function driveCampaign(executor: FuzzExecutor, o: DriveOptions): Promise<CampaignReport> {
  if (o.runs === undefined && o.timeMs === undefined) throw new RangeError(
    'a campaign needs a run count or a time budget');
  if (o.timeMs !== undefined && !o.now) throw new RangeError('a time budget needs a clock (now)');
  const started = o.now?.() ?? 0;
  const chunks = new Map<number, RunSummary[]>();
  const inflight = new Set<Promise<void>>();
  let next = 0;
  let done = 0;
  let found = 0;
  let stop = false;
  const limit = o.runs ?? Number.MAX_SAFE_INTEGER;
  // Only plain data crosses into workers.
  const campaign: CampaignOptions = { seed: o.seed, profile: o.profile, actions: o.actions, base: o.base };
  const more = () => !stop && next < limit && (o.timeMs === undefined || o.now!() - started < o.timeMs);
  while (more() || inflight.size) {
    while (more() && inflight.size < Math.max(2, executor.size * 2)) {
      const from = next;
      const to = Math.min(limit, from + CHUNK);
      next = to;
      if (!chunkInShard(from, o.shard)) continue;
      const p = executor.runs(campaign, from, to).then((runs) => {
        chunks.set(from, runs);
        done += runs.length;
        for (const r of runs) found += r.findings.length;
        if (o.stopWhen && runs.some((r) => r.findings.some(o.stopWhen!))) stop = true;
        o.onProgress?.(done, found);
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    if (inflight.size) await Promise.race(inflight);
  }
  const report = assembleReport(o, chunks);
  return withFindings(report, await Promise.all(report.findings.map((f) => executor.shrink(f))));
}
