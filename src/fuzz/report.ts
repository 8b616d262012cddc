/**
 * Campaign reports (README "Fuzz campaigns"): runs, events, violations by rule, rule coverage,
 * findings (shrunk, deduped by rule + shrunk signature). Reports merge associatively, so shards run
 * on different machines combine into the report one machine would have produced.
 */
import { ALL_RULES } from '../rules/index.js';
import type { Finding, RunSummary } from './campaign.js';

export interface CampaignReport {
  format: 'vtwin-fuzz-report/1';
  seed: number;
  profile: string;
  actions: number;
  /** Run indices covered, as sorted disjoint [from, to) ranges. */
  ranges: [number, number][];
  runs: number;
  events: number;
  commands: number;
  misbehavingRuns: number;
  /** Runs in which each rule fired (any actor). */
  violationsByRule: Record<string, number>;
  /** Runs in which each rule produced a finding (a bug, not expected misbehaviour). */
  findingsByRule: Record<string, number>;
  /** How often each rule looked at something. */
  exercised: Record<string, number>;
  /** Findings kept: the first few per rule by run index, deduped by signature once shrunk. */
  findings: Finding[];
}

export const KEEP_PER_RULE = 3;

export function emptyReport(seed: number, profile: string, actions: number): CampaignReport {
  const exercised: Record<string, number> = {};
  for (const r of ALL_RULES) exercised[r.id] = 0;
  return {
    format: 'vtwin-fuzz-report/1',
    seed,
    profile,
    actions,
    ranges: [],
    runs: 0,
    events: 0,
    commands: 0,
    misbehavingRuns: 0,
    violationsByRule: {},
    findingsByRule: {},
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

/** Keep the first KEEP_PER_RULE findings per rule by run index (before shrinking). */
function keepFindings(list: Finding[]): Finding[] {
  const sorted = [...list].sort((a, b) => a.index - b.index || a.rule.localeCompare(b.rule));
  const perRule: Record<string, number> = {};
  const out: Finding[] = [];
  const sigs = new Set<string>();
  for (const f of sorted) {
    if (f.shrunk && sigs.has(f.signature)) continue;
    if ((perRule[f.rule] ?? 0) >= KEEP_PER_RULE) continue;
    perRule[f.rule] = (perRule[f.rule] ?? 0) + 1;
    if (f.shrunk) sigs.add(f.signature);
    out.push(f);
  }
  return out;
}

export function addRuns(report: CampaignReport, runs: readonly RunSummary[]): CampaignReport {
  const r: CampaignReport = { ...report, violationsByRule: { ...report.violationsByRule },
    findingsByRule: { ...report.findingsByRule }, exercised: { ...report.exercised } };
  let findings = [...report.findings];
  for (const s of runs) {
    r.ranges = addRange(r.ranges, s.index, s.index + 1);
    r.runs += 1;
    r.events += s.events;
    r.commands += s.commands;
    if (s.misbehave) r.misbehavingRuns += 1;
    for (const rule of s.violated) r.violationsByRule[rule] = (r.violationsByRule[rule] ?? 0) + 1;
    for (const f of s.findings) r.findingsByRule[f.rule] = (r.findingsByRule[f.rule] ?? 0) + 1;
    for (const [k, v] of Object.entries(s.exercised)) r.exercised[k] = (r.exercised[k] ?? 0) + v;
    findings.push(...s.findings);
  }
  findings = keepFindings(findings);
  return normalise({ ...r, findings });
}

export function mergeReports(a: CampaignReport, b: CampaignReport): CampaignReport {
  if (a.seed !== b.seed || a.profile !== b.profile || a.actions !== b.actions) {
    throw new RangeError(
      `cannot merge reports of different campaigns (seed ${a.seed}/${b.seed}, profile ${a.profile}/${b.profile}, ` +
      `actions ${a.actions}/${b.actions})`);
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
    exercised: add(a.exercised, b.exercised),
    findings: keepFindings([...a.findings, ...b.findings]),
  });
}

function normalise(r: CampaignReport): CampaignReport {
  return { ...r, violationsByRule: sortedRecord(r.violationsByRule), findingsByRule: sortedRecord(r.findingsByRule),
    exercised: sortedRecord(r.exercised) };
}

/** Replace the kept findings (e.g. with their shrunk versions), deduping by shrunk signature. */
export function withFindings(r: CampaignReport, findings: Finding[]): CampaignReport {
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
