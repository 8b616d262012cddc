/**
 * A finding as a scenario file (README "Scenario format") that reproduces it: the device options
 * that differ from the defaults, the exact command list (scheduler picks included, so no PRNG is
 * involved), a final settle for liveness, and an expectation that documents the violation.
 */
import type { DeviceConfig } from '../domain/config.js';
import { defaultConfig } from '../domain/device.js';
import type { Finding } from './campaign.js';
import { replayCommands } from './replay.js';

export function configDelta(config: DeviceConfig): Partial<DeviceConfig> {
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(config).sort()) {
    const v = (config as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(v) !== JSON.stringify(defaults[k])) out[k] = v;
  }
  return out as Partial<DeviceConfig>;
}

export function findingScenario(f: Finding, campaign: { seed: number; profile: string }): Record<string, unknown> {
  // Every rule the reproducer breaks is documented, the finding's first: a misbehaving driver's
  // violations ride along and must not make the reproducer fail for another reason.
  const rules = [f.rule];
  for (const v of replayCommands(f.config, f.seed, f.commands).engine.violations)
    if (!rules.includes(v.rule)) rules.push(v.rule);
  return {
    name: `repro-${f.rule}-${f.seed}`,
    description: `Found by \`vtwin fuzz --seed ${campaign.seed} --profile ${campaign.profile}\` (run ${f.index}, run ` +
      `seed ${f.seed}); ${f.shrunk ? `shrunk to ${f.inputs} input command(s)` : 'not shrunk'}. ${f.message}`,
    device: configDelta(f.config),
    seed: f.seed,
    steps: [...f.commands, { op: 'settle' }, ...rules.map((rule) => ({ expect: 'violation', rule }))],
  };
}
