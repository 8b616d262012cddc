import type { Command } from 'commander';
import { getPath, parsePath, formatPath } from '../../src/analysis/path.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { stateView } from '../../src/domain/view.js';
import type { Io } from '../io.js';
import { seqArg, withTrace } from './traceArgs.js';

export function registerState(program: Command, io: Io): void {
  program
    .command('state')
    .description('the state after an event, as JSON (seeks through the nearest snapshot)')
    .argument('<trace>', 'trace file')
    .requiredOption('--at <seq>', 'the seq of the event after which to show the state', seqArg)
    .option('--path <path>', 'only this part, e.g. aq.queues[0] or fns[2].msix')
    .option('--json', 'one JSON document: { seq, path, value, fromSeq, folded }')
    .action((file: string, opts: { at: number; path?: string; json?: boolean }) => {
      const path = opts.path !== undefined ? parsePath(opts.path) : [];
      const r = withTrace(io, file, (reader) => stateAt(reader, opts.at));
      const value = getPath(stateView(r.state), path);
      if (opts.json) {
        io.out(JSON.stringify({ seq: r.seq, path: formatPath(path), value, fromSeq: r.fromSeq, folded: r.folded },
          null, 2) + '\n');
      } else {
        io.out(JSON.stringify(value, null, 2) + '\n');
      }
    });
}
