import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { MainOpts } from '../commands/main.js';

export function registerMain(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('main')
    .description(
      'the main job on bundled defaults (npm start): every scenario, record + replay of each, a short fuzz campaign, ' +
      'a summary')
    .option('--dir <path>', 'run the scenarios in this directory instead of the bundled ones')
    .option('--seed <n>', "override each scenario's seed")
    .option('--json', 'one JSON document on stdout: { passed, phases: [...] }')
    .action(async (opts: MainOpts) => setExit(await (await import('../commands/main.js')).mainCommand(opts, io)));
}
