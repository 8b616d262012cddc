import { setFlagsFromString } from 'node:v8';
import { stateNames, withCodeNames } from '../../src/analysis/names.js';
import { getPath, parsePath, formatPath } from '../../src/analysis/path.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { stateView } from '../../src/domain/view.js';
import type { TraceReader } from '../../src/trace/reader.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

export interface StateOpts {
  at: number;
  path?: string;
  json?: boolean;
}

/** Events from the nearest snapshot below which a seek runs without V8's optimising compiler. */
const SHORT_FOLD = 20_000;

function shortFold(reader: TraceReader, at: number): boolean {
  if (!Number.isInteger(at) || at < reader.header.start.seq) return false; // stateAt says what is wrong
  return at - reader.segmentFor(at).seq < SHORT_FOLD;
}

/**
 * `f` with V8's optimising compiler off. A seek folds at most a snapshot interval of events (8192
 * by default): too few for optimised code to pay for itself. With it on, V8 started optimising the
 * fold's hot functions a few thousand events in, and a seek of the bench's 10 M-event trace took
 * ~11 ms over the same command on a tiny trace; with it off, ~5 ms (docs/performance.md, "Seeking").
 * The flag is set back after: the bin's code cache is stamped with the flags in force when the
 * build saves it, and the build's warm-up run is a `vtwin state --at`.
 */
function baselineOnly<T>(f: () => T): T {
  setFlagsFromString('--no-opt');
  try {
    return f();
  } finally {
    setFlagsFromString('--opt');
  }
}

/** `vtwin state` (registered in tools/register/state.ts). */
export function stateAction(io: Io, file: string, opts: StateOpts): void {
  const path = opts.path !== undefined ? parsePath(opts.path) : [];
  const r = withTrace(io, file, (reader) => (shortFold(reader, opts.at) ? baselineOnly(() => stateAt(reader, opts.at))
    : stateAt(reader, opts.at)));
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
