import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { TimelineOpts } from '../commands/timeline.js';
import { seqArg } from './args.js';

export function registerTimeline(program: Command, io: Io): void {
  program
    .command('timeline')
    .description('commands, events, violations and settle points in order, then what was still outstanding')
    .argument('<trace>', 'trace file')
    .option('--vf <n>', 'only events of this function (0 = PF): fn, member, or its admin commands', seqArg)
    .option('--from <seq>', 'first seq to show', seqArg)
    .option('--to <seq>', 'last seq to show', seqArg)
    .option('--json', 'one JSON document on stdout: { entries: [...], outstanding: [...], truncated }')
    .action(async (file: string, opts: TimelineOpts) =>
      (await import('../commands/timeline.js')).timelineAction(io, file, opts));
}
