import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerCheck(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('re-run every rule over a recorded trace (exit 1 when a rule is violated)')
    .argument('<trace>', 'trace file')
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) =>
      (await import('../commands/check.js')).checkAction(io, setExit, file, opts));
}
