import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { ShrinkOpts } from '../commands/shrink.js';

export function registerShrink(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('shrink')
    .description('minimise a failing trace while it still fails the same rule; writes a shrunk trace and a scenario')
    .argument('<trace>', 'a .vtrace file whose run violates a rule')
    .option('--rule <id>', 'the root-cause rule to keep failing (default: the first device/host root cause)')
    .option('--out <base>', 'output path without extension (default: <trace>.shrunk)')
    .option('--json', 'one JSON document on stdout')
    .action(async (trace: string, o: ShrinkOpts) =>
      (await import('../commands/shrink.js')).shrinkAction(io, setExit, trace, o));
}
