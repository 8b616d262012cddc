/**
 * `vtwin shrink <trace> [--rule R] [--out base]`: minimise a failing trace while it still fails the
 * same rule (README "CLI reference"; README "Fuzz campaigns"). Writes `<base>.vtrace` (the shrunk
 * run) and `<base>.json` (a scenario that reproduces it); the default base is the input's path with
 * `.shrunk`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../src/errors.js';
import { findingScenario, inputCount, replayCommands, shrink, signatureOf } from '../../src/fuzz/index.js';
import { fileSink, openTraceFile } from '../../src/trace/file.js';
import { readInputs } from '../../src/trace/runs.js';
import { recordRun } from '../../src/trace/runs.js';
import type { Io } from '../io.js';
import { outputPath } from '../outputPath.js';
import { shellWord, vtwin } from '../invocation.js';

export function registerShrink(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('shrink')
    .description('minimise a failing trace while it still fails the same rule; writes a shrunk trace and a scenario')
    .argument('<trace>', 'a .vtrace file whose run violates a rule')
    .option('--rule <id>', 'the rule to keep failing (default: the first violation, device/host rules first)')
    .option('--out <base>', 'output path without extension (default: <trace>.shrunk)')
    .option('--json', 'one JSON document on stdout')
    .action((trace: string, o: { rule?: string; out?: string; json?: boolean }) => {
      const path = resolve(io.cwd, trace);
      const base = outputPath(o.out ?? trace.replace(/\.vtrace$/, '') + '.shrunk', '--out', io.cwd);
      const inputs = readInputs(openTraceFile(path, trace));
      const before = replayCommands(inputs.config, inputs.seed, inputs.commands).engine.violations;
      if (before.length === 0) throw new InputError(`${trace}: the recorded run violates no rule: nothing to shrink`);
      const pick = o.rule ? before.find((v) => v.rule === o.rule)
        : (before.find((v) => v.actor === 'device' || v.actor === 'host') ?? before[0]);
      const seen = [...new Set(before.map((v) => v.rule))].join(', ');
      if (!pick) throw new InputError(`--rule: ${trace} never violates ${o.rule} (it violates ${seen})`);
      const s = shrink(inputs.config, inputs.seed, inputs.commands, pick.rule);
      const finding = {
        rule: pick.rule, actor: pick.actor, message: s.message || pick.message, index: 0, seed: inputs.seed,
          config: s.config,
        commands: s.commands, shrunk: true, inputs: inputCount(s.commands),
          signature: signatureOf(pick.rule, s.commands),
      };
      recordRun(fileSink(`${base}.vtrace`), { config: s.config, seed: inputs.seed,
        producer: `vtwin shrink ${trace} (${pick.rule})` }, s.commands);
      const scenario = findingScenario(finding, { seed: inputs.seed, profile: inputs.config.profile });
      scenario.description =
        `Shrunk by \`vtwin shrink ${trace}\` from ${inputCount(inputs.commands)} to ${finding.inputs} input ` +
        `command(s). ${finding.message}`;
      writeFileSync(`${base}.json`, JSON.stringify(scenario, null, 2) + '\n');
      const summary = { rule: pick.rule, message: finding.message, commandsBefore: inputCount(inputs.commands),
        commandsAfter: finding.inputs, attempts: s.attempts, trace: `${base}.vtrace`, scenario: `${base}.json` };
      if (o.json) io.out(JSON.stringify(summary, null, 2) + '\n');
      else io.out(
        `${pick.rule}: shrunk ${summary.commandsBefore} -> ${summary.commandsAfter} input command(s) in ` +
        `${s.attempts} attempts\n  ${finding.message}\n  wrote ${summary.trace}\n  wrote ${summary.scenario}\n` +
        `  reproduce: ${vtwin()} run ${shellWord(summary.scenario)}\n`);
      setExit(0);
    });
}
