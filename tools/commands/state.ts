import { stateNames, withCodeNames } from '../../src/analysis/names.js';
import { getPath, parsePath, formatPath } from '../../src/analysis/path.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { stateView } from '../../src/domain/view.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

export interface StateOpts {
  at: number;
  path?: string;
  json?: boolean;
}

/** `vtwin state` (registered in tools/register/state.ts). */
export function stateAction(io: Io, file: string, opts: StateOpts): void {
  const path = opts.path !== undefined ? parsePath(opts.path) : [];
  const r = withTrace(io, file, (reader) => stateAt(reader, opts.at));
  // The users' view (src/domain/view.ts): `aq.commands.12` is cid 12, `mapper.vfs.5` VF 5, as in blame and
  // scenarios.
  const value = getPath(stateView(r.state), path);
  if (opts.json) {
    // `value` is the state as stored (numbers; what `expect: state` compares); `names` adds the
    // spec name of every status, qualifier, opcode and group type in it, by path.
    const names = stateNames(value, path, r.state.config);
    const doc = { seq: r.seq, path: formatPath(path), value, names, fromSeq: r.fromSeq, folded: r.folded };
    io.out(JSON.stringify(doc, null, 2) + '\n');
  } else {
    io.out(JSON.stringify(withCodeNames(value, path, r.state.config), null, 2) + '\n');
  }
}
