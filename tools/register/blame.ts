import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { BlameOpts } from '../commands/blame.js';
import { seqArg } from './args.js';

export function registerBlame(program: Command, io: Io): void {
  program
    .command('blame')
    .description('the events that set a state value, back to the commands that caused them')
    .argument('<trace>', 'trace file')
    .argument('<path>', 'state path, e.g. aq.inUse[1] or fns[2].life.incarnation')
    .option('--at <seq>', 'look only up to this seq (default: the whole trace)', seqArg)
    .option('--limit <n>', 'show at most the last n changes (default 20)', seqArg)
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, statePath: string, opts: BlameOpts) =>
      (await import('../commands/blame.js')).blameAction(io, file, statePath, opts));
}
