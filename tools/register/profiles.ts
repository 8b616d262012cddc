import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerProfiles(program: Command, io: Io): void {
  program
    .command('profiles')
    .description(
      'list the device profiles: conforming `spec` and deliberate deviations, with the rules that catch each')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { json?: boolean }) => (await import('../commands/profiles.js')).profilesAction(io, opts));
}
