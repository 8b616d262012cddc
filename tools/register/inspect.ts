import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerInspect(program: Command, io: Io): void {
  program
    .command('inspect')
    .description('what a trace holds: header, counts by event type, violations, checkpoints, truncation')
    .argument('<trace>', 'trace file')
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) =>
      (await import('../commands/inspect.js')).inspectAction(io, file, opts));
}
