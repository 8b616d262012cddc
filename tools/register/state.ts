import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { StateOpts } from '../commands/state.js';
import { seqArg } from './args.js';

export function registerState(program: Command, io: Io): void {
  program
    .command('state')
    .description('the state after an event, as JSON (seeks through the nearest snapshot)')
    .argument('<trace>', 'trace file')
    .requiredOption('--at <seq>', 'the seq of the event after which to show the state', seqArg)
    .option('--path <path>', 'only this part, e.g. aq.queues[0] or fns[2].msix')
    .option('--json', 'one JSON document: { seq, path, value, names, fromSeq, folded }')
    .action(async (file: string, opts: StateOpts) =>
      (await import('../commands/state.js')).stateAction(io, file, opts));
}
