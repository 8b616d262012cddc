/**
 * The mutation score: is every deviation profile caught? Each profile names the rules that must
 * flag it (`caughtBy`); its campaign runs until one of those rules produces a finding (as its root
 * cause or as a consequence) or the budget (runs or time) is spent. Only the runs up to the first
 * catch count, so the score is the same however the runs are split across workers or shards.
 * With `compare`, each profile is also scored under a second strategy (swarm vs PCT), side by
 * side; the verdict is the first strategy's.
 */
import { PROFILES, type Profile } from '../domain/profiles.js';
import type { Finding } from './campaign.js';
import { driveCampaign, shownRule, type FuzzExecutor, type Shard } from './drive.js';
import type { CampaignReport } from './report.js';
import type { Strategy } from './strategy.js';

export interface MutationScore {
  profile: string;
  strategy: Strategy;
  caught: boolean;
  /** Runs until the catch (1-based), or every run of the campaign when it escaped. */
  afterRuns: number;
  /** The profile's rule that caught it first (the finding's root cause or a consequence of it). */
  rule: string | null;
  /** Input commands of the catching finding (shrunk). */
  shrunkInputs: number | null;
  /** Wall time of the profile's campaign, when a clock was given. */
  seconds: number | null;
}

export interface MutationOptions {
  seed: number;
  actions?: number;
  /** The strategy that decides the score (default swarm), and PCT's depth. */
  strategy?: Strategy;
  depth?: number;
  /** Also score every profile under this strategy, for comparison. */
  compare?: Strategy;
  /** Runs per profile; with `timeMs` too, whichever ends first. */
  runs?: number;
  /** Time budget per profile (needs `now`). */
  timeMs?: number;
  shard?: Shard;
  /** Milliseconds clock; injected, the score never reads time itself. */
  now?: () => number;
  onProgress?: (profile: string, strategy: Strategy, runs: number, findings: number) => void;
  /** Each profile's campaign report, once it is done (e.g. to save its findings). */
  onReport?: (profile: Profile, report: CampaignReport) => void;
  /** Asked between chunks: true stops the campaigns (see DriveOptions.interrupted). */
  interrupted?: () => boolean;
}

export interface MutationResult {
  scores: MutationScore[];
  /** The same profiles under `compare`, or null. */
  compared: MutationScore[] | null;
  caught: number;
  total: number;
}

/** Every profile except the conforming `spec`: the deviations the rules must catch. */
export function deviationProfiles(): Profile[] {
  return PROFILES.filter((p) => p.name !== 'spec');
}

/** Whether a finding is one of the catches `p` claims (its root cause or a consequence of it). */
export function catches(p: Profile): (f: Finding) => boolean {
  return (f) => shownRule(f, p.caughtBy) !== null;
}

/** The score of one profile from its campaign report. */
export function scoreOf(p: Profile, report: CampaignReport, seconds: number | null): MutationScore {
  const first = report.findings.filter(catches(p)).sort((a, b) => a.index - b.index)[0];
  return {
    profile: p.name,
    strategy: report.strategy,
    caught: first !== undefined,
    afterRuns: first ? first.index + 1 : report.runs,
    rule: first ? shownRule(first, p.caughtBy) : null,
    shrunkInputs: first?.inputs ?? null,
    seconds,
  };
}

async function scoreProfile(
  executor: FuzzExecutor,
  o: MutationOptions,
  p: Profile,
  strategy: Strategy,
): Promise<MutationScore> {
  const t0 = o.now?.();
  const report = await driveCampaign(executor, {
    seed: o.seed,
    profile: p.name,
    actions: o.actions,
    strategy,
    depth: strategy === 'pct' ? o.depth : undefined,
    runs: o.runs,
    timeMs: o.timeMs,
    shard: o.shard,
    now: o.now,
    interrupted: o.interrupted,
    stopOn: p.caughtBy,
    onProgress: o.onProgress && ((n, f) => o.onProgress!(p.name, strategy, n, f)),
  });
  o.onReport?.(p, report);
  return scoreOf(p, report, t0 === undefined ? null : (o.now!() - t0) / 1000);
}

/** One campaign per deviation profile (two with `compare`), in PROFILES order. */
export async function mutationScore(executor: FuzzExecutor, o: MutationOptions): Promise<MutationResult> {
  const scores: MutationScore[] = [];
  const compared: MutationScore[] = [];
  for (const p of deviationProfiles()) {
    if (o.interrupted?.()) break;
    scores.push(await scoreProfile(executor, o, p, o.strategy ?? 'swarm'));
    if (o.compare) compared.push(await scoreProfile(executor, o, p, o.compare));
  }
  const caught = scores.filter((s) => s.caught).length;
  return { scores, compared: o.compare ? compared : null, caught, total: deviationProfiles().length };
}
