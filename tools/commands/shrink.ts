/**
 * `vtwin shrink <trace> [--rule R] [--out base]`: minimise a failing trace while it still fails the
 * same rule (README "CLI reference"; README "Fuzz campaigns"). Writes `<base>.vtrace` (the shrunk
 * run) and `<base>.json` (a scenario that reproduces it); the default base is the input's path with
 * `.shrunk`. Registered in tools/register/shrink.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import {
  configDelta,
  consequencesOf,
  findingScenario,
  groupByRootCause,
  inputCount,
  replayCommands,
  shrink,
  signatureOf,
  type CausalViolation,
  type Finding,
  type RootCause,
} from '../../src/fuzz/index.js';
import { fileSink, openTraceFile } from '../../src/trace/file.js';
import { readInputs } from '../../src/trace/runs.js';
import { recordRun } from '../../src/trace/runs.js';
import type { Io } from '../io.js';
import { outputPath } from '../outputPath.js';
import { shellWord, vtwin } from '../invocation.js';

export interface ShrinkOpts {
  rule?: string;
  out?: string;
  json?: boolean;
}

export function shrinkAction(io: Io, setExit: (code: number) => void, trace: string, o: ShrinkOpts): void {
  const path = resolve(io.cwd, trace);
  const base = outputPath(o.out ?? trace.replace(/\.vtrace$/, '') + '.shrunk', '--out', io.cwd);
  const inputs = readInputs(openTraceFile(path, trace));
  const all = replayCommands(inputs.config, inputs.seed, inputs.commands).violations;
  if (all.length === 0) throw new InputError(`${trace}: the recorded run violates no rule: nothing to shrink`);
  const group = pickGroup(all, trace, o.rule);
  const pick = group.root;
  const s = shrink(inputs.config, inputs.seed, inputs.commands, pick.rule);
  const finding: Finding = {
    rule: pick.rule,
    actor: pick.actor,
    message: s.message || pick.message,
    consequences: consequencesOf([s.group ?? group]),
    index: 0,
    seed: inputs.seed,
    config: s.config,
    commands: s.commands,
    shrunk: true,
    inputs: inputCount(s.commands),
    signature: signatureOf(pick.rule, s.commands),
  };
  const producer = `vtwin shrink ${trace} (${pick.rule})`;
  recordRun(fileSink(`${base}.vtrace`), { config: s.config, seed: inputs.seed, producer }, s.commands);
  const scenario = findingScenario(finding, { seed: inputs.seed, profile: inputs.config.profile });
  const before = inputCount(inputs.commands);
  const from = `from ${before} to ${finding.inputs} input command(s)`;
  scenario.description = `Shrunk by \`vtwin shrink ${trace}\` ${from}. ${finding.message}`;
  writeFileSync(`${base}.json`, JSON.stringify(scenario, null, 2) + '\n');
  const summary = {
    rule: pick.rule,
    message: finding.message,
    consequences: finding.consequences.map((c) => c.rule),
    commandsBefore: before,
    commandsAfter: finding.inputs,
    optionsBefore: Object.keys(configDelta(inputs.config)),
    optionsAfter: Object.keys(configDelta(s.config)),
    attempts: s.attempts,
    trace: `${base}.vtrace`,
    scenario: `${base}.json`,
  };
  if (o.json) io.out(JSON.stringify(summary, null, 2) + '\n');
  else io.out(humanSummary(summary));
  setExit(0);
}

/** The root cause to shrink: --rule's, else the first device/host root, else the first root. */
function pickGroup(all: readonly CausalViolation[], trace: string, rule: string | undefined): RootCause {
  const groups = groupByRootCause(all);
  if (rule === undefined) return groups.find((g) => g.root.actor === 'device' || g.root.actor === 'host') ?? groups[0]!;
  const g = groups.find((x) => x.root.rule === rule);
  if (g) return g;
  const as = groups.find((x) => x.consequences.some((v) => v.rule === rule));
  if (as) {
    const root = as.root.rule;
    throw new InputError(`--rule: ${rule} fires in ${trace} only as a consequence of ${root}; shrink that rule`);
  }
  const fired = [...new Set(all.map((v) => v.rule))].join(', ');
  throw new InputError(`--rule: ${trace} never violates ${rule} (it violates ${fired})`);
}

function humanSummary(s: {
  rule: string; message: string; consequences: string[]; commandsBefore: number; commandsAfter: number;
  optionsBefore: string[]; optionsAfter: string[]; attempts: number; trace: string; scenario: string;
}): string {
  const lines = [
    `${s.rule}: shrunk ${s.commandsBefore} -> ${s.commandsAfter} input command(s), ` +
      `${s.optionsBefore.length} -> ${s.optionsAfter.length} device option(s) in ${s.attempts} attempts`,
    `  ${s.message}`,
  ];
  if (s.consequences.length) lines.push(`  consequences: ${s.consequences.join(', ')}`);
  lines.push(`  wrote ${s.trace}`, `  wrote ${s.scenario}`, `  reproduce: ${vtwin()} run ${shellWord(s.scenario)}`);
  return lines.join('\n') + '\n';
}
