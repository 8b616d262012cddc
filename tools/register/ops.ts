import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerOps(program: Command, io: Io): void {
  program
    .command('ops')
    .description('list every scenario step: commands, control steps and expectations, with their fields')
    .option('--json', 'one JSON document on stdout: { steps: [{ kind, name, doc, fields }] }')
    .action(async (opts: { json?: boolean }) => (await import('../commands/ops.js')).opsAction(io, opts));
}
