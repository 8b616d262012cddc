import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { RunOpts } from '../commands/run.js';

export function registerRun(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run scenarios: check their expectations and every rule (exit 1 if any fails)')
    .argument('<scenario...>', 'scenario files (.json, .yaml, .yml) or directories of them')
    .option('--json', 'one JSON document on stdout: { scenarios: [...] }')
    .option('--record <trace>', 'record the run as a trace file (one scenario only)')
    .option('--seed <n>', "override each scenario's seed")
    .action(async (paths: string[], opts: RunOpts) =>
      setExit(await (await import('../commands/run.js')).runCommand(paths, opts, io)));
}
