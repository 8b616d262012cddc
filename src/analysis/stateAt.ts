/**
 * The state after event `seq`, found from the nearest snapshot at or before it: cost O(M), the
 * snapshot interval, not O(seq) (README "Traces").
 */
import type { TwinState } from '../domain/state.js';
import { InputError } from '../errors.js';
import type { TraceReader } from '../trace/reader.js';
import { segmentState } from './start.js';
import { applyRecorded } from './apply.js';

export interface StateAt {
  state: TwinState;
  seq: number;
  /** The seq of the snapshot (or trace start) the fold began from, and how many events it applied. */
  fromSeq: number;
  folded: number;
}

export function stateAt(reader: TraceReader, seq: number): StateAt {
  const first = reader.header.start.seq - 1;
  if (!Number.isInteger(seq) || seq < first) {
    throw new InputError(`--at ${seq}: expected a seq from ${first} (the start state) to the trace's last event`);
  }
  const seg = reader.segmentFor(seq);
  const state = segmentState(reader, seg);
  let folded = 0;
  let last = seg.seq - 1;
  if (last < seq) {
    // The fold's fast path: event bodies, their seq alongside (no envelope to fill in).
    reader.scan(
      {
        body(e, at) {
          applyRecorded(reader, state, e, at);
          folded++;
          last = at;
          return at >= seq;
        },
      },
      { from: seg },
    );
  }
  if (last < seq) throw new InputError(`--at ${seq}: the trace's last event is seq ${last}`);
  return { state, seq, fromSeq: seg.seq - 1, folded };
}
