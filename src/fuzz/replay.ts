/**
 * Re-running a command list for the shrinker: commands run in order, a `device.run` whose item is
 * not ready at that point is skipped (dropping an earlier command can remove the work it named),
 * and the run ends with a settle so liveness rules are judged as in the original run.
 */
import type { DeviceConfig } from '../domain/config.js';
import type { Command } from '../domain/commands.js';
import { itemKey } from '../domain/items.js';
import { Engine, type EngineObserver } from '../engine/engine.js';
import { seededRng } from '../engine/prng.js';
import { mixSeed } from './run.js';

export interface ReplayOutcome {
  engine: Engine;
  /** The commands actually executed (skipped picks removed, the final settle's picks added). */
  executed: Command[];
}

export function replayCommands(config: DeviceConfig, seed: number, commands: readonly Command[],
    observers: EngineObserver[] = []): ReplayOutcome {
  const executed: Command[] = [];
  const engine = new Engine({
    config,
    rng: seededRng(mixSeed(seed, 1)),
    observers: [{ onCommand: (_i, _t, c) => void executed.push(c) }, ...observers],
  });
  for (const c of commands) {
    if (c.op === 'device.run') {
      const key = itemKey(c.item);
      const item = engine.ready().find((r) => itemKey(r) === key);
      if (item) engine.execute({ op: 'device.run', item });
    } else {
      engine.execute(c);
    }
  }
  engine.settle();
  return { engine, executed };
}

export function violates(config: DeviceConfig, seed: number, commands: readonly Command[], rule: string): boolean {
  return replayCommands(config, seed, commands).engine.violations.some((v) => v.rule === rule);
}
