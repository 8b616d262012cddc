import type { Command } from 'commander';
import { PROFILES } from '../../src/domain/profiles.js';
import type { Io } from '../io.js';

export function registerProfiles(program: Command, io: Io): void {
  program
    .command('profiles')
    .description(
      'list the device profiles: conforming `spec` and deliberate deviations, with the rules that catch each')
    .option('--json', 'one JSON document on stdout')
    .action((opts: { json?: boolean }) => {
      const list = PROFILES.map((p) => ({ name: p.name, description: p.description, caughtBy: p.caughtBy }));
      if (opts.json) return io.out(JSON.stringify(list, null, 2) + '\n');
      for (const p of list) {
        io.out(`${p.name}\n  ${p.description}\n`);
        if (p.caughtBy.length) io.out(`  caught by: ${p.caughtBy.join(', ')}\n`);
      }
    });
}
