import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('the first point where two traces differ, with both states\' diff (exit 1 when they differ)')
    .argument('<traceA>', 'first trace')
    .argument('<traceB>', 'second trace')
    .option('--json', 'one JSON document on stdout')
    .action(async (a: string, b: string, opts: { json?: boolean }) =>
      (await import('../commands/diff.js')).diffAction(io, setExit, a, b, opts));
}
