/**
 * A finding as a scenario file (README "Scenario format") that reproduces it: the device options
 * that differ from the defaults, the exact command list (scheduler picks included, so no PRNG is
 * involved), a final settle for liveness, and an expectation that documents the violation.
 */
import type { Command } from '../domain/commands.js';
import type { EngineObserver } from '../engine/engine.js';
import type { Finding } from './campaign.js';
import { configDelta } from './configDelta.js';
import { replayCommands } from './replay.js';

export { configDelta };

/** An observer noting, per command, the errno of the first refusal it produced (README "Expectations"). */
function refusalTracker(): EngineObserver & { refused: Map<Command, string> } {
  let current: Command | null = null;
  const refused = new Map<Command, string>();
  return {
    refused,
    onCommand: (_i, _t, c) => void (current = c),
    onEvent: (e) => {
      if (current && !refused.has(current) && 'errno' in e && /\/(refused|rejected)$/.test(e.type)) {
        refused.set(current, String(e.errno));
      }
    },
  };
}

export function findingScenario(f: Finding, campaign: { seed: number; profile: string }): Record<string, unknown> {
  // Every rule the reproducer breaks is documented, the finding's first: a misbehaving driver's
  // violations ride along and must not make the reproducer fail for another reason. So does every
  // refusal the generated commands met (a scenario fails on a refusal it does not expect).
  const rules = [f.rule];
  const tracker = refusalTracker();
  for (const v of replayCommands(f.config, f.seed, f.commands, [tracker]).engine.violations)
    if (!rules.includes(v.rule)) rules.push(v.rule);
  const steps: unknown[] = [];
  for (const c of f.commands) {
    steps.push(c);
    const errno = tracker.refused.get(c);
    if (errno !== undefined) steps.push({ expect: 'refused', errno });
  }
  return {
    name: `repro-${f.rule}-${f.seed}`,
    description: `Found by \`vtwin fuzz --seed ${campaign.seed} --profile ${campaign.profile}\` (run ${f.index}, run ` +
      `seed ${f.seed}); ${f.shrunk ? `shrunk to ${f.inputs} input command(s)` : 'not shrunk'}. ${f.message}`,
    device: configDelta(f.config),
    seed: f.seed,
    steps: [...steps, { op: 'settle' }, ...rules.map((rule) => ({ expect: 'violation', rule }))],
  };
}
