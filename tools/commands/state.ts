import type { Command } from 'commander';
import { stateNames, withCodeNames } from '../../src/analysis/names.js';
import { getPath, parsePath, formatPath } from '../../src/analysis/path.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import type { Io } from '../io.js';
import { seqArg } from '../register/args.js';
import { withTrace } from './traceArgs.js';

export function registerState(program: Command, io: Io): void {
  program
    .command('state')
    .description('the state after an event, as JSON (seeks through the nearest snapshot)')
    .argument('<trace>', 'trace file')
    .requiredOption('--at <seq>', 'the seq of the event after which to show the state', seqArg)
    .option('--path <path>', 'only this part, e.g. aq.queues[0] or fns[2].msix')
    .option('--json', 'one JSON document: { seq, path, value, names, fromSeq, folded }')
    .action((file: string, opts: { at: number; path?: string; json?: boolean }) => {
      const path = opts.path !== undefined ? parsePath(opts.path) : [];
      const r = withTrace(io, file, (reader) => stateAt(reader, opts.at));
      const value = getPath(r.state, path);
      if (opts.json) {
        // `value` is the state as stored (numbers; what `expect: state` compares); `names` adds the
        // spec name of every status, qualifier, opcode and group type in it, by path.
        const names = stateNames(value, path);
        const doc = { seq: r.seq, path: formatPath(path), value, names, fromSeq: r.fromSeq, folded: r.folded };
        io.out(JSON.stringify(doc, null, 2) + '\n');
      } else {
        io.out(JSON.stringify(withCodeNames(value, path), null, 2) + '\n');
      }
    });
}
