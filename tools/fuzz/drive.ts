/**
 * Driving a campaign across the pool: chunks of run indices dispatched in order, results merged
 * in index order, then the kept findings shrunk. With `--time`, dispatch stops at the deadline and
 * the report covers exactly the chunks that finished (all earlier ones finish first: a prefix).
 */
import type { CampaignOptions, Finding, RunSummary } from '../../src/fuzz/campaign.js';
import { addRuns, emptyReport, withFindings, type CampaignReport } from '../../src/fuzz/report.js';
import type { FuzzPool } from './pool.js';

export const CHUNK = 100;
export const BLOCK = 1000;

export interface DriveOptions extends CampaignOptions {
  runs?: number;
  timeMs?: number;
  shard?: { index: number; count: number };
  /** Stop as soon as a chunk contains a finding this predicate accepts (mutation scoring). */
  stopWhen?: (f: Finding) => boolean;
  onProgress?: (runs: number, findings: number) => void;
  /** Clock for --time; injected by the CLI (the only place that may read time). */
  now: () => number;
}

function chunkInShard(from: number, shard?: { index: number; count: number }): boolean {
  return !shard || Math.floor(from / BLOCK) % shard.count === shard.index;
}

export async function driveCampaign(pool: FuzzPool, o: DriveOptions): Promise<CampaignReport> {
  const started = o.now();
  const results = new Map<number, RunSummary[]>();
  const inflight = new Set<Promise<void>>();
  let next = 0;
  let done = 0;
  let found = 0;
  let stop = false;
  const limit = o.runs ?? Number.MAX_SAFE_INTEGER;
  // Only plain data crosses into workers.
  const campaign: CampaignOptions = { seed: o.seed, profile: o.profile, actions: o.actions, base: o.base };
  const more = () => !stop && next < limit && (o.timeMs === undefined || o.now() - started < o.timeMs);
  while (more() || inflight.size) {
    while (more() && inflight.size < Math.max(2, pool.size * 2)) {
      const from = next;
      const to = Math.min(limit, from + CHUNK);
      next = to;
      if (!chunkInShard(from, o.shard)) continue;
      const p = pool.runs(campaign, from, to).then((runs) => {
        results.set(from, runs);
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
  let report = emptyReport(o.seed, o.profile, o.actions ?? 50);
  for (const from of [...results.keys()].sort((a, b) => a - b)) report = addRuns(report, results.get(from)!);
  if (o.stopWhen) {
    // Mutation scoring: only what precedes the first catch counts, so the figure is split-independent.
    const first = report.findings.filter(o.stopWhen).sort((a, b) => a.index - b.index)[0];
    if (first) {
      report = emptyReport(o.seed, o.profile, o.actions ?? 50);
      for (const from of [...results.keys()].sort((a, b) => a - b)) {
        report = addRuns(report, results.get(from)!.filter((r) => r.index <= first.index));
      }
    }
  }
  const shrunk = await Promise.all(report.findings.map((f) => pool.shrink(f)));
  return withFindings(report, shrunk);
}
