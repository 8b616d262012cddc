/**
 * A campaign over a range of run indices. Run i's seed is mixSeed(campaignSeed, i), so any split of
 * the indices (worker threads, `--shard i/n` across machines) yields the same per-run results, and
 * merging them in index order gives the same report whatever the split (README "Fuzz campaigns").
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { fuzzRun, mixSeed } from './run.js';
import { mutatedRun, type BaseRun } from './mutate.js';
import { inputCount, shrink } from './shrink.js';

export interface CampaignOptions {
  seed: number;
  profile: string;
  /** Actions per run (default 50). */
  actions?: number;
  /** Seed the campaign from a captured run: each run mutates its inputs. */
  base?: BaseRun;
}

/** What a run contributes to a report: small, serialisable (it crosses worker threads). */
export interface RunSummary {
  index: number;
  seed: number;
  events: number;
  commands: number;
  /** Rule ids violated (all actors), in order of first occurrence. */
  violated: string[];
  findings: Finding[];
  exercised: Record<string, number>;
  misbehave: boolean;
}

export interface Finding {
  rule: string;
  actor: string;
  message: string;
  index: number;
  seed: number;
  config: DeviceConfig;
  /** The run's commands, or the shrunk ones when `shrunk`. */
  commands: Command[];
  shrunk: boolean;
  inputs: number;
  signature: string;
}

export function runSeed(campaignSeed: number, index: number): number {
  return mixSeed(campaignSeed, index);
}

/** Dedupe key: the rule plus the shape of the (shrunk) inputs. */
export function signatureOf(rule: string, cmds: readonly Command[]): string {
  const shape = cmds
    .filter((c) => c.op !== 'device.run')
    .map((c) => (c.op === 'aq.submit' ? `aq.submit:${c.cmd ? String(c.cmd.opcode) : 'raw'}` : c.op))
    .join(',');
  return `${rule}|${shape}`;
}

/**
 * Run one index. Findings come back unshrunk: which ones get shrunk is decided after merging, in
 * index order, so the choice cannot depend on how runs were split across workers.
 */
export function runIndex(opts: CampaignOptions, index: number): RunSummary {
  const seed = runSeed(opts.seed, index);
  const r = opts.base ? mutatedRun(opts.base, seed) : fuzzRun({ seed, profile: opts.profile, actions: opts.actions });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const v of r.findings) {
    if (seen.has(v.rule)) continue;
    seen.add(v.rule);
    findings.push({
      rule: v.rule,
      actor: v.actor,
      message: v.message,
      index,
      seed,
      config: r.config,
      commands: r.commands,
      shrunk: false,
      inputs: inputCount(r.commands),
      signature: signatureOf(v.rule, r.commands),
    });
  }
  const violated: string[] = [];
  for (const v of r.violations) if (!violated.includes(v.rule)) violated.push(v.rule);
  return { index, seed, events: r.events, commands: r.commands.length, violated, findings, exercised: r.exercised,
    misbehave: r.swarm.misbehave };
}

/** Shrink one finding (pure: the same finding always shrinks to the same result). */
export function shrinkFinding(f: Finding): Finding {
  if (f.shrunk) return f;
  const s = shrink(f.config, f.seed, f.commands, f.rule);
  return { ...f, message: s.message || f.message, config: s.config, commands: s.commands, shrunk: true,
    inputs: inputCount(s.commands), signature: signatureOf(f.rule, s.commands) };
}

/** Runs `from` .. `to` - 1, in index order: one chunk of a campaign (a worker's job). */
export function runRange(opts: CampaignOptions, from: number, to: number): RunSummary[] {
  const out: RunSummary[] = [];
  for (let i = from; i < to; i++) out.push(runIndex(opts, i));
  return out;
}
