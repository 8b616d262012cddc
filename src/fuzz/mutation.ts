/**
 * The mutation score: is every deviation profile caught? Each profile names the rules that must
 * flag it (`caughtBy`); its campaign runs until one of those rules produces a finding or the
 * budget (runs or time) is spent. Only the runs up to the first catch count, so the score is
 * the same however the runs are split across workers or shards.
 */
import { PROFILES, type Profile } from '../domain/profiles.js';
import type { Finding } from './campaign.js';
import { driveCampaign, type FuzzExecutor, type Shard } from './drive.js';
import type { CampaignReport } from './report.js';

export interface MutationScore {
  profile: string;
  caught: boolean;
  /** Runs until the catch (1-based), or every run of the campaign when it escaped. */
  afterRuns: number;
  /** The rule that caught it first. */
  rule: string | null;
  /** Input commands of the catching finding (shrunk). */
  shrunkInputs: number | null;
  /** Wall time of the profile's campaign, when a clock was given. */
  seconds: number | null;
}

export interface MutationOptions {
  seed: number;
  actions?: number;
  /** Runs per profile; with `timeMs` too, whichever ends first. */
  runs?: number;
  /** Time budget per profile (needs `now`). */
  timeMs?: number;
  shard?: Shard;
  /** Milliseconds clock; injected, the score never reads time itself. */
  now?: () => number;
  onProgress?: (profile: string, runs: number, findings: number) => void;
  /** Each profile's campaign report, once it is done (e.g. to save its findings). */
  onReport?: (profile: Profile, report: CampaignReport) => void;
}

export interface MutationResult {
  scores: MutationScore[];
  caught: number;
  total: number;
}

/** Every profile except the conforming `spec`: the deviations the rules must catch. */
export function deviationProfiles(): Profile[] {
  return PROFILES.filter((p) => p.name !== 'spec');
}

/** Whether a finding is one of the catches `p` claims. */
export function catches(p: Profile): (f: Finding) => boolean {
  return (f) => p.caughtBy.includes(f.rule);
}

/** The score of one profile from its campaign report. */
export function scoreOf(p: Profile, report: CampaignReport, seconds: number | null): MutationScore {
  const first = report.findings.filter(catches(p)).sort((a, b) => a.index - b.index)[0];
  return {
    profile: p.name,
    caught: first !== undefined,
    afterRuns: first ? first.index + 1 : report.runs,
    rule: first?.rule ?? null,
    shrunkInputs: first?.inputs ?? null,
    seconds,
  };
}

/** One campaign per deviation profile, in PROFILES order. */
export async function mutationScore(executor: FuzzExecutor, o: MutationOptions): Promise<MutationResult> {
  const scores: MutationScore[] = [];
  for (const p of deviationProfiles()) {
    const t0 = o.now?.();
    const report = await driveCampaign(executor, {
      seed: o.seed,
      profile: p.name,
      actions: o.actions,
      runs: o.runs,
      timeMs: o.timeMs,
      shard: o.shard,
      now: o.now,
      stopWhen: catches(p),
      onProgress: o.onProgress && ((n, f) => o.onProgress!(p.name, n, f)),
    });
    scores.push(scoreOf(p, report, t0 === undefined ? null : (o.now!() - t0) / 1000));
    o.onReport?.(p, report);
  }
  return { scores, caught: scores.filter((s) => s.caught).length, total: scores.length };
}
