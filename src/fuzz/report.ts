/**
 * Campaign reports (README "Fuzz campaigns"): runs, events, violations by rule, rule coverage,
 * findings (one per root cause: the earliest run in which each rule was a root cause). Reports
 * merge associatively, and which finding a report keeps is a minimum over run indices, so shards
 * run on different machines combine into exactly the report one machine would have produced.
 */
import { ALL_RULES } from '../rules/index.js';
import type { Finding, RunSummary } from './campaign.js';
import type { Strategy } from './strategy.js';

export interface CampaignReport {
  format: 'vtwin-fuzz-report/2';
  seed: number;
  profile: string;
  actions: number;
  /** How runs schedule device work: `swarm` (random) or `pct` (priorities, README). */
  strategy: Strategy;
  /** PCT's bug depth d (d - 1 priority change points); null for swarm. */
  depth: number | null;
  /** Run indices covered, as sorted disjoint [from, to) ranges. */
  ranges: [number, number][];
  runs: number;
  events: number;
  commands: number;
  misbehavingRuns: number;
  /** Runs in which each rule fired (any actor). */
  violationsByRule: Record<string, number>;
  /** Runs in which each rule was the root cause of a finding (a bug, not expected misbehaviour). */
  findingsByRule: Record<string, number>;
  /** Runs in which each rule fired only as a consequence of another rule's root cause. */
  consequencesByRule: Record<string, number>;
  /** How often each rule looked at something. */
  exercised: Record<string, number>;
  /** One finding per root-cause rule: the one of the earliest run, in run-index order. */
  findings: Finding[];
  /**
   * Written before the campaign ended (progress on disk, or an interrupted campaign): the runs
   * in `ranges` are whole, its findings are not shrunk yet.
   */
  partial?: true;
}

export function emptyReport(
  seed: number,
  profile: string,
  actions: number,
  strategy: Strategy = 'swarm',
  depth: number | null = null,
): CampaignReport {
  const exercised: Record<string, number> = {};
  for (const r of ALL_RULES) exercised[r.id] = 0;
  return {
    format: 'vtwin-fuzz-report/2',
    seed,
    profile,
    actions,
    strategy,
    depth: strategy === 'pct' ? depth : null,
    ranges: [],
    runs: 0,
    events: 0,
    commands: 0,
    misbehavingRuns: 0,
    violationsByRule: {},
    findingsByRule: {},
    consequencesByRule: {},
    exercised,
    findings: [],
  };
}

function addRange(ranges: [number, number][], from: number, to: number): [number, number][] {
  const all = [...ranges, [from, to] as [number, number]].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/**
 * One finding per root-cause rule: the earliest run's (a minimum over run indices, so the choice
 * does not depend on how runs were split, nor on whether they were shrunk yet).
 */
function keepFindings(list: readonly Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of list) {
    const b = best.get(f.rule);
    if (!b || f.index < b.index) best.set(f.rule, f);
  }
  return [...best.values()].sort((a, b) => a.index - b.index || a.rule.localeCompare(b.rule));
}

const bump = (r: Record<string, number>, k: string) => void (r[k] = (r[k] ?? 0) + 1);

export function addRuns(report: CampaignReport, runs: readonly RunSummary[]): CampaignReport {
  const r: CampaignReport = {
    ...report,
    violationsByRule: { ...report.violationsByRule },
    findingsByRule: { ...report.findingsByRule },
    consequencesByRule: { ...report.consequencesByRule },
    exercised: { ...report.exercised },
  };
  let findings = [...report.findings];
  for (const s of runs) {
    r.ranges = addRange(r.ranges, s.index, s.index + 1);
    r.runs += 1;
    r.events += s.events;
    r.commands += s.commands;
    if (s.misbehave) r.misbehavingRuns += 1;
    for (const rule of s.violated) bump(r.violationsByRule, rule);
    for (const f of s.findings) bump(r.findingsByRule, f.rule);
    for (const rule of consequenceRules(s)) bump(r.consequencesByRule, rule);
    for (const [k, v] of Object.entries(s.exercised)) r.exercised[k] = (r.exercised[k] ?? 0) + v;
    findings.push(...s.findings);
  }
  findings = keepFindings(findings);
  return normalise({ ...r, findings });
}

/** Rules that fired in run `s` only as a consequence of another rule's root cause. */
function consequenceRules(s: RunSummary): string[] {
  const roots = new Set(s.findings.map((f) => f.rule));
  const out = new Set<string>();
  for (const f of s.findings) for (const c of f.consequences) if (!roots.has(c.rule)) out.add(c.rule);
  return [...out];
}

const identity = (r: CampaignReport) => {
  const depth = r.depth !== null ? ` depth ${r.depth}` : '';
  return `seed ${r.seed}, profile ${r.profile}, actions ${r.actions}, strategy ${r.strategy}${depth}`;
};

export function mergeReports(a: CampaignReport, b: CampaignReport): CampaignReport {
  if (identity(a) !== identity(b)) {
    throw new RangeError(`cannot merge reports of different campaigns (${identity(a)} vs ${identity(b)})`);
  }
  for (const [from, to] of b.ranges) {
    for (const [f2, t2] of a.ranges) {
      if (from < t2 && f2 < to) throw new RangeError(
        `reports overlap on run indices [${Math.max(from, f2)}, ${Math.min(to, t2)})`);
    }
  }
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  let ranges = a.ranges;
  for (const [f, t] of b.ranges) ranges = addRange(ranges, f, t);
  return normalise({
    ...a,
    ranges,
    runs: a.runs + b.runs,
    events: a.events + b.events,
    commands: a.commands + b.commands,
    misbehavingRuns: a.misbehavingRuns + b.misbehavingRuns,
    violationsByRule: add(a.violationsByRule, b.violationsByRule),
    findingsByRule: add(a.findingsByRule, b.findingsByRule),
    consequencesByRule: add(a.consequencesByRule, b.consequencesByRule),
    exercised: add(a.exercised, b.exercised),
    findings: keepFindings([...a.findings, ...b.findings]),
    ...(a.partial || b.partial ? { partial: true as const } : {}),
  });
}

function normalise(r: CampaignReport): CampaignReport {
  return {
    ...r,
    violationsByRule: sortedRecord(r.violationsByRule),
    findingsByRule: sortedRecord(r.findingsByRule),
    consequencesByRule: sortedRecord(r.consequencesByRule),
    exercised: sortedRecord(r.exercised),
  };
}

/** Replace the kept findings (e.g. with their shrunk versions). */
export function withFindings(r: CampaignReport, findings: readonly Finding[]): CampaignReport {
  return { ...r, findings: keepFindings(findings) };
}

/** Rule coverage: which rules were exercised, which fired, which never looked at anything. */
export function coverage(r: CampaignReport): { exercised: string[]; never: string[]; fired: string[] } {
  const ids = ALL_RULES.map((x) => x.id);
  return {
    exercised: ids.filter((id) => (r.exercised[id] ?? 0) > 0),
    never: ids.filter((id) => !(r.exercised[id] ?? 0)),
    fired: Object.keys(r.violationsByRule).sort(),
  };
}
