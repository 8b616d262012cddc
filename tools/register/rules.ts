import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerRules(program: Command, io: Io): void {
  program
    .command('rules')
    .description('list the rules the twin checks: id, actor, spec section, safety or liveness')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { json?: boolean }) => (await import('../commands/rules.js')).rulesAction(io, opts));
}
