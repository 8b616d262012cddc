import { getPath, parsePath, formatPath } from '../../src/analysis/path.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { stateView } from '../../src/domain/view.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

/** `vtwin state` (registered in tools/register/state.ts). */
export function stateAction(io: Io, file: string, opts: { at: number; path?: string; json?: boolean }): void {
  const path = opts.path !== undefined ? parsePath(opts.path) : [];
  const r = withTrace(io, file, (reader) => stateAt(reader, opts.at));
  const value = getPath(stateView(r.state), path);
  if (opts.json) {
    io.out(JSON.stringify({ seq: r.seq, path: formatPath(path), value, fromSeq: r.fromSeq, folded: r.folded },
      null, 2) + '\n');
  } else {
    io.out(JSON.stringify(value, null, 2) + '\n');
  }
}
