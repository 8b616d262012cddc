/**
 * Shrinking a failing run while the *same rule* still fails (README "Fuzz campaigns"): drop input
 * commands (delta debugging: halves, quarters, ... single commands), then scheduler decisions, then
 * simplify values and the device config. Deterministic: same input, same result.
 */
import type { DeviceConfig } from '../domain/config.js';
import type { Command } from '../domain/commands.js';
import { replayCommands, violates } from './replay.js';

export interface ShrinkResult {
  config: DeviceConfig;
  commands: Command[];
  /** The violation's message in the shrunk run. */
  message: string;
  /** Candidate replays tried. */
  attempts: number;
}

const isPick = (c: Command) => c.op === 'device.run';

/** Remove chunks of the commands selected by `which`, largest chunks first, keeping what still fails. */
function dropChunks(cmds: Command[], which: (c: Command) => boolean, fails: (c: Command[]) => boolean): Command[] {
  let cur = cmds;
  let chunk = Math.max(1, Math.floor(cur.filter(which).length / 2));
  while (chunk >= 1) {
    let progressed = false;
    const idx = cur.map((c, i) => (which(c) ? i : -1)).filter((i) => i >= 0);
    for (let start = 0; start < idx.length; start += chunk) {
      const drop = new Set(idx.slice(start, start + chunk));
      const cand = cur.filter((_c, i) => !drop.has(i));
      if (fails(cand)) {
        cur = cand;
        progressed = true;
        break;
      }
    }
    if (!progressed) chunk = Math.floor(chunk / 2);
  }
  return cur;
}

/** Simpler variants of one command (smaller numbers, queue 0, short tags). */
function simpler(c: Command): Command[] {
  const out: Command[] = [];
  if (c.op === 'sriov.enable' && c.numVFs > 1) out.push({ ...c, numVFs: 1 }, { ...c, numVFs: Math.ceil(c.numVFs / 2) });
  if (c.op === 'aq.submit' && c.queue) out.push({ ...c, queue: 0 });
  if (c.op === 'time.advance' && c.ticks > 1) out.push({ ...c, ticks: 1 });
  return out;
}

function simpleConfigs(config: DeviceConfig): DeviceConfig[] {
  const out: DeviceConfig[] = [];
  if (config.adminQueues > 1) out.push({ ...config, adminQueues: 1 });
  if (config.aqDepth !== 64) out.push({ ...config, aqDepth: 64 });
  if (config.totalVFs > 8) out.push({ ...config, totalVFs: 8 });
  return out;
}

export function shrink(config0: DeviceConfig, seed: number, commands0: readonly Command[], rule: string, maxAttempts =
    5000): ShrinkResult {
  let attempts = 0;
  let config = config0;
  const failsWith = (cfg: DeviceConfig) => (c: Command[]) => attempts++ < maxAttempts && violates(cfg, seed, c, rule);
  // Start from what actually executed, cut after the first command that produced the violation.
  let current = -1;
  let cut = -1;
  const first = replayCommands(config, seed, commands0, [
    { onCommand: (i) => void (current = i),
      onViolation: (x) => void (x.rule === rule && cut < 0 && (cut = current + 1)) },
  ]);
  if (cut < 0) return { config, commands: [...commands0], message: '', attempts };
  let cmds = first.executed.slice(0, cut);
  let before = Infinity;
  while (cmds.length < before && attempts < maxAttempts) {
    before = cmds.length;
    cmds = dropChunks(cmds, (c) => !isPick(c), failsWith(config));
    cmds = dropChunks(cmds, isPick, failsWith(config));
    for (let i = 0; i < cmds.length; i++) {
      for (const alt of simpler(cmds[i]!)) {
        const cand = cmds.slice();
        cand[i] = alt;
        if (failsWith(config)(cand)) {
          cmds = cand;
          break;
        }
      }
    }
    for (const cfg of simpleConfigs(config)) {
      const cand = cfg.adminQueues === 1 ? cmds.map((c) => (c.op === 'aq.submit' && c.queue ? { ...c, queue: 0 } : c))
        : cmds;
      if (failsWith(cfg)(cand)) {
        config = cfg;
        cmds = cand;
      }
    }
  }
  // Keep the picks the final settle adds explicit, so the result replays exactly.
  const last = replayCommands(config, seed, cmds);
  const message = last.engine.violations.find((x) => x.rule === rule)?.message ?? '';
  return { config, commands: last.executed, message, attempts };
}

/** Inputs (not scheduler decisions) in a command list: what "shrunk to N commands" counts. */
export function inputCount(cmds: readonly Command[]): number {
  return cmds.filter((c) => !isPick(c)).length;
}
