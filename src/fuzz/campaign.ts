/**
 * A campaign over a range of run indices. Run i's seed is mixSeed(campaignSeed, i), so any split of
 * the indices (worker threads, `--shard i/n` across machines) yields the same per-run results, and
 * merging them in index order gives the same report whatever the split (README "Fuzz campaigns").
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { fuzzRun, mixSeed } from './run.js';
import { mutatedRun, type BaseRun } from './mutate.js';
import { groupByRootCause, type RootCause } from './rootCause.js';
import type { Strategy } from './strategy.js';
import { inputCount, shrink } from './shrink.js';

export interface CampaignOptions {
  seed: number;
  profile: string;
  /** Actions per run (default 50). */
  actions?: number;
  /** Seed the campaign from a captured run: each run mutates its inputs. */
  base?: BaseRun;
  /** How runs schedule device work (default swarm), and PCT's depth. */
  strategy?: Strategy;
  depth?: number;
  /**
   * A time budget's end, on the clock the executor passes to runRange: a run still going then is
   * cut between two actions and dropped, with the rest of its chunk. Absent: runs always finish.
   */
  deadline?: number;
}

/** What a run contributes to a report: small, serialisable (it crosses worker threads). */
export interface RunSummary {
  index: number;
  seed: number;
  events: number;
  commands: number;
  /** Rule ids violated (all actors), in order of first occurrence. */
  violated: string[];
  /** One per rule that was a root cause in the run (./rootCause.ts), in causal order. */
  findings: Finding[];
  exercised: Record<string, number>;
  misbehave: boolean;
}

/** A violation the root cause led to, in the same run. */
export interface Consequence {
  rule: string;
  actor: string;
  message: string;
}

/** A root cause: the first violation in causal order, with the other rules it made fire. */
export interface Finding {
  rule: string;
  actor: string;
  message: string;
  /** Other rules its violation caused (each once, first message), in causal order. */
  consequences: Consequence[];
  index: number;
  seed: number;
  config: DeviceConfig;
  /** The run's commands, or the shrunk ones when `shrunk`. */
  commands: Command[];
  shrunk: boolean;
  inputs: number;
  signature: string;
  /** Consequence rules shrinking must keep (mutation scoring: the profile's rule it showed). */
  keep?: string[];
}

export function runSeed(campaignSeed: number, index: number): number {
  return mixSeed(campaignSeed, index);
}

/** The shape of a reproducer: its rule and the ops of its inputs. */
export function signatureOf(rule: string, cmds: readonly Command[]): string {
  const shape = cmds
    .filter((c) => c.op !== 'device.run')
    .map((c) => (c.op === 'aq.submit' ? `aq.submit:${c.cmd ? String(c.cmd.opcode) : 'raw'}` : c.op))
    .join(',');
  return `${rule}|${shape}`;
}

/** The distinct rules (other than the root's) of groups rooted in the same rule. */
export function consequencesOf(groups: readonly RootCause[]): Consequence[] {
  const root = groups[0]?.root.rule;
  const out: Consequence[] = [];
  for (const g of groups) {
    for (const v of g.consequences) {
      if (v.rule === root || out.some((c) => c.rule === v.rule)) continue;
      out.push({ rule: v.rule, actor: v.actor, message: v.message });
    }
  }
  return out;
}

/**
 * Run one index. Findings come back unshrunk: which ones get shrunk is decided after merging, in
 * index order, so the choice cannot depend on how runs were split across workers.
 */
export function runIndex(opts: CampaignOptions, index: number): RunSummary {
  return summarise(opts, index)!;
}

/** Run `index`; null when `stop` cut it (a cut run judges nothing). */
function summarise(opts: CampaignOptions, index: number, stop?: () => boolean): RunSummary | null {
  const seed = runSeed(opts.seed, index);
  const r = opts.base
    ? mutatedRun(opts.base, seed)
    : fuzzRun({ seed, profile: opts.profile, actions: opts.actions, strategy: opts.strategy, depth: opts.depth, stop });
  if (r.cut) return null;
  const byRoot = new Map<string, RootCause[]>();
  for (const g of groupByRootCause(r.findings)) byRoot.set(g.root.rule, [...(byRoot.get(g.root.rule) ?? []), g]);
  const findings: Finding[] = [...byRoot.values()].map((groups) => {
    const root = groups[0]!.root;
    return {
      rule: root.rule,
      actor: root.actor,
      message: root.message,
      consequences: consequencesOf(groups),
      index,
      seed,
      config: r.config,
      commands: r.commands,
      shrunk: false,
      inputs: inputCount(r.commands),
      signature: signatureOf(root.rule, r.commands),
    };
  });
  const violated: string[] = [];
  for (const v of r.violations) if (!violated.includes(v.rule)) violated.push(v.rule);
  return {
    index,
    seed,
    events: r.events,
    commands: r.commands.length,
    violated,
    findings,
    exercised: r.exercised,
    misbehave: r.swarm.misbehave,
  };
}

/** Shrink one finding (pure: the same finding always shrinks to the same result). */
export function shrinkFinding(f: Finding): Finding {
  if (f.shrunk) return f;
  const s = shrink(f.config, f.seed, f.commands, f.rule, undefined, f.keep);
  if (!s.group) return { ...f, shrunk: true };
  return {
    ...f,
    message: s.message,
    consequences: consequencesOf([s.group]),
    config: s.config,
    commands: s.commands,
    shrunk: true,
    inputs: inputCount(s.commands),
    signature: signatureOf(f.rule, s.commands),
  };
}

/**
 * Runs `from` .. `to` - 1, in index order: one chunk of a campaign (a worker's job). With a
 * deadline and a clock, the chunk ends at the first run the deadline cut: fewer summaries.
 */
export function runRange(opts: CampaignOptions, from: number, to: number, now?: () => number): RunSummary[] {
  const deadline = opts.deadline;
  const stop = deadline !== undefined && now ? () => now() >= deadline : undefined;
  const out: RunSummary[] = [];
  for (let i = from; i < to; i++) {
    const r = summarise(opts, i, stop);
    if (!r) break;
    out.push(r);
  }
  return out;
}
