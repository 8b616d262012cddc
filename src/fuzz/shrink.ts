/**
 * Shrinking a failing run while the *same rule* is still a root cause of its failure (and, if
 * asked, still causes the `keep` rules) (README "Fuzz campaigns": shrinking): cut after the
 * command that broke it, drop input commands (delta debugging: halves, quarters, ... single
 * commands), drop scheduler decisions, simplify values, and put device options back to their
 * defaults, in passes until a whole pass changes nothing.
 *
 * Every candidate is replayed and kept in its executed form (skipped picks gone, the final
 * settle's picks explicit), and kept only if it is strictly smaller: fewer inputs, then fewer
 * picks, then fewer non-default options, then smaller values. So shrinking ends, and ends at a
 * fixpoint: shrinking its result again changes nothing (within the attempt budget).
 * Deterministic: same input, same result.
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { ALL_RULES } from '../rules/index.js';
import { configDelta, resetOption } from './configDelta.js';
import { replayCommands } from './replay.js';
import { groupByRootCause, sameSide, type RootCause } from './rootCause.js';

export interface ShrinkResult {
  config: DeviceConfig;
  commands: Command[];
  /** The violation's message in the shrunk run. */
  message: string;
  /** What the root violation caused in the shrunk run (src/fuzz/rootCause.ts). */
  group: RootCause | null;
  /** Candidate replays tried. */
  attempts: number;
}

const isPick = (c: Command) => c.op === 'device.run';
const ACTOR = new Map(ALL_RULES.map((r) => [r.id, r.actor]));

type Measure = [number, number, number, number];

function weight(cmds: readonly Command[]): number {
  let w = 0;
  for (const c of cmds) {
    if (c.op === 'sriov.enable') w += c.numVFs;
    else if (c.op === 'aq.submit') w += c.queue ?? 0;
    else if (c.op === 'time.advance') w += c.ticks;
  }
  return w;
}

function measure(config: DeviceConfig, cmds: readonly Command[]): Measure {
  const picks = cmds.filter(isPick).length;
  return [cmds.length - picks, picks, Object.keys(configDelta(config)).length, weight(cmds)];
}

function smaller(a: Measure, b: Measure): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  return false;
}

/** Simpler variants of one command (smaller numbers, queue 0). */
function simpler(c: Command): Command[] {
  const out: Command[] = [];
  if (c.op === 'sriov.enable' && c.numVFs > 1) out.push({ ...c, numVFs: 1 }, { ...c, numVFs: Math.ceil(c.numVFs / 2) });
  if (c.op === 'aq.submit' && c.queue) out.push({ ...c, queue: 0 });
  if (c.op === 'time.advance' && c.ticks > 1) out.push({ ...c, ticks: 1 });
  return out;
}

/** Commands fitted to a smaller config: queues that no longer exist become queue 0, VF counts clamp. */
function fitTo(config: DeviceConfig, cmds: readonly Command[]): Command[] {
  return cmds.map((c) => {
    if (c.op === 'aq.submit' && (c.queue ?? 0) >= config.adminQueues) return { ...c, queue: 0 };
    if (c.op === 'sriov.enable' && c.numVFs > config.totalVFs) return { ...c, numVFs: Math.max(1, config.totalVFs) };
    return c;
  });
}

class Shrinker {
  attempts = 0;
  group: RootCause | null = null;
  constructor(
    public config: DeviceConfig,
    public cmds: Command[],
    private readonly seed: number,
    private readonly rule: string,
    private readonly maxAttempts: number,
    private readonly keep: readonly string[],
  ) {}

  get spent(): boolean {
    return this.attempts >= this.maxAttempts;
  }

  /** Replay a candidate; the rule's root-cause group in it, and its executed form. */
  run(config: DeviceConfig, cmds: readonly Command[]): { group: RootCause | null; executed: Command[] } {
    this.attempts++;
    const r = replayCommands(config, this.seed, cmds);
    const side = sameSide(ACTOR.get(this.rule) ?? 'device');
    const shows = (g: RootCause) => this.keep.every((k) => g.consequences.some((v) => v.rule === k));
    const groups = groupByRootCause(r.violations.filter(side));
    const group = groups.find((g) => g.root.rule === this.rule && shows(g)) ?? null;
    return { group, executed: r.executed };
  }

  /** Keep the candidate if the rule still roots a failure and it is strictly smaller. */
  try(config: DeviceConfig, cmds: readonly Command[]): boolean {
    if (this.spent) return false;
    const { group, executed } = this.run(config, cmds);
    if (!group || !smaller(measure(config, executed), measure(this.config, this.cmds))) return false;
    [this.config, this.cmds, this.group] = [config, executed, group];
    return true;
  }

  /** Remove chunks of the commands `which` selects, largest chunks first. */
  dropChunks(which: (c: Command) => boolean): boolean {
    let changed = false;
    let chunk = Math.max(1, Math.floor(this.cmds.filter(which).length / 2));
    while (chunk >= 1 && !this.spent) {
      const idx = this.cmds.map((c, i) => (which(c) ? i : -1)).filter((i) => i >= 0);
      let progressed = false;
      for (let start = 0; start < idx.length && !progressed; start += chunk) {
        const drop = new Set(idx.slice(start, start + chunk));
        progressed = this.try(this.config, this.cmds.filter((_c, i) => !drop.has(i)));
      }
      changed ||= progressed;
      if (!progressed) chunk = Math.floor(chunk / 2);
    }
    return changed;
  }

  simplifyValues(): boolean {
    let changed = false;
    for (let i = 0; i < this.cmds.length && !this.spent; i++) {
      for (const alt of simpler(this.cmds[i]!)) {
        const cand = this.cmds.slice();
        cand[i] = alt;
        if (this.try(this.config, cand)) {
          changed = true;
          break;
        }
      }
    }
    return changed;
  }

  /** Put each non-default option (the profile aside) back to its default, one at a time. */
  resetOptions(): boolean {
    let changed = false;
    for (const key of Object.keys(configDelta(this.config))) {
      if (key === 'profile' || this.spent) continue;
      const cfg = resetOption(this.config, key);
      if (cfg && this.try(cfg, fitTo(cfg, this.cmds))) changed = true;
    }
    return changed;
  }

  /** Cut everything after the command whose event broke the rule (a safety rule only). */
  cut(): boolean {
    const root = this.group?.root;
    if (!root || root.kind !== 'safety') return false;
    return this.try(this.config, this.cmds.slice(0, root.command + 1));
  }

  pass(): boolean {
    const a = this.cut();
    const b = this.dropChunks((c) => !isPick(c));
    const c = this.dropChunks(isPick);
    const d = this.simplifyValues();
    const e = this.resetOptions();
    return a || b || c || d || e;
  }
}

export function shrink(
  config0: DeviceConfig,
  seed: number,
  commands0: readonly Command[],
  rule: string,
  maxAttempts = 5000,
  keep: readonly string[] = [],
): ShrinkResult {
  const s = new Shrinker(config0, [...commands0], seed, rule, maxAttempts, keep);
  const first = s.run(config0, commands0);
  if (!first.group) {
    return { config: config0, commands: [...commands0], message: '', group: null, attempts: s.attempts };
  }
  [s.cmds, s.group] = [first.executed, first.group];
  while (s.pass() && !s.spent);
  return { config: s.config, commands: s.cmds, message: s.group!.root.message, group: s.group, attempts: s.attempts };
}

/** Inputs (not scheduler decisions) in a command list: what "shrunk to N commands" counts. */
export function inputCount(cmds: readonly Command[]): number {
  return cmds.filter((c) => !isPick(c)).length;
}
