/**
 * A finding of `vtwin explore` as a pinned scenario (every scheduler pick a `device.run` step, so
 * `vtwin run` replays exactly that order) and the commands a trace records, like a fuzz finding
 * (README "Systematic exploration"):
 *
 * - a rule violation is shrunk with the fuzzer's shrinker (src/fuzz/shrink.ts) while the same rule
 *   still fails, and written as the fuzzer writes reproducers: the commands, a settle, and an
 *   `expect: violation` per rule it breaks, so the reproducer passes and documents it;
 * - a failed expectation keeps the scenario's own steps in the order the schedule ran them, up to
 *   the expectation that failed: `vtwin run` fails on exactly that expectation.
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import type { Consequence, Finding } from '../fuzz/campaign.js';
import { configDelta, findingScenario } from '../fuzz/export.js';
import { replayCommands } from '../fuzz/replay.js';
import { inputCount, shrink } from '../fuzz/shrink.js';
import type { PathEntry } from './machine.js';
import type { Problem } from './problem.js';
import type { RawFinding } from './search.js';

export interface ExploreFinding {
  rule: string;
  actor: string;
  message: string;
  /** The schedule (1-based, in exploration order) that found it. */
  schedule: number;
  /** Other rules and expectations it made fire on the paths explored (src/fuzz/rootCause.ts). */
  consequences: Consequence[];
  shrunk: boolean;
  /** Input commands (scheduler picks aside) of the reproducer. */
  inputs: number;
  config: DeviceConfig;
  /** The reproducer's command list (what a trace of it records). */
  commands: Command[];
  /** The pinned scenario, as a document for `vtwin run`. */
  scenario: Record<string, unknown>;
}

export function isExpectationRule(rule: string): boolean {
  return rule.startsWith('expect:');
}

function origin(problem: Problem, raw: RawFinding): string {
  const profile = problem.config.profile;
  return `Found by \`vtwin explore ${problem.source}\` (profile ${profile}) in schedule ${raw.schedule}`;
}

function slug(rule: string): string {
  return rule.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+$/, '');
}

function violationFinding(problem: Problem, raw: RawFinding): ExploreFinding {
  const s = shrink(problem.config, 0, raw.commands, raw.rule);
  const shrunk = s.group !== null;
  const config = shrunk ? s.config : problem.config;
  const commands = shrunk ? s.commands : raw.commands;
  // What exploration saw it cause (expectations too, which a replay of the commands does not check).
  const consequences = raw.consequences;
  const { rule, actor, message, schedule: index } = raw;
  const inputs = inputCount(commands);
  const f: Finding = { rule, actor, message, consequences, index, seed: 0, config, commands, shrunk, inputs,
    signature: '' };
  const doc = findingScenario(f, { seed: 0, profile: config.profile });
  const how = shrunk ? `shrunk to ${f.inputs} input command(s)` : 'not shrunk';
  return {
    rule: raw.rule,
    actor,
    message: s.message || raw.message,
    schedule: raw.schedule,
    consequences,
    shrunk,
    inputs: f.inputs,
    config,
    commands,
    scenario: {
      ...doc,
      name: `explore-${slug(raw.rule)}`,
      description: `${origin(problem, raw)}; ${how}. ${s.message || raw.message}`,
    },
  };
}

function expectationFinding(problem: Problem, raw: RawFinding): ExploreFinding {
  const byIndex = new Map(problem.expects.map((x) => [x.index, x.step]));
  const steps: unknown[] = raw.path.map((p: PathEntry) => {
    if ('cmd' in p) return p.cmd;
    return 'settle' in p ? { op: 'settle' } : byIndex.get(p.expect);
  });
  // Document the known violations this order does break, so only the expectation fails.
  const fired = new Set(replayCommands(problem.config, 0, raw.commands).engine.violations.map((v) => v.rule));
  for (const rule of problem.documented) if (fired.has(rule)) steps.push({ expect: 'violation', rule });
  const commands = raw.commands;
  return {
    rule: raw.rule,
    actor: raw.actor,
    message: raw.message,
    schedule: raw.schedule,
    consequences: raw.consequences,
    shrunk: false,
    inputs: inputCount(commands),
    config: problem.config,
    commands,
    scenario: {
      name: `explore-${slug(raw.rule)}`,
      description:
        `${origin(problem, raw)}: the scenario's steps in that order; ` +
        `\`vtwin run\` fails at the expectation: ${raw.message}`,
      device: configDelta(problem.config),
      seed: 0,
      steps,
    },
  };
}

export function exportFinding(problem: Problem, raw: RawFinding): ExploreFinding {
  return isExpectationRule(raw.rule) ? expectationFinding(problem, raw) : violationFinding(problem, raw);
}
