import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerOpcodes(program: Command, io: Io): void {
  program
    .command('opcodes')
    .description('list the admin opcodes: number, groups, spec section, and the typed parameters of `cmd`')
    .option('--json', 'one JSON document on stdout: { opcodes: [{ opcode, name, groups, section, ... }] }')
    .action(async (opts: { json?: boolean }) => (await import('../commands/opcodes.js')).opcodesAction(io, opts));
}
