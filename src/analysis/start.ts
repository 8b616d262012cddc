/** The state a recorded run starts from, and the state at the start of any segment. */
import type { TwinState } from '../domain/state.js';
import { bootState } from '../domain/boot.js';
import type { SegmentEntry } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';

/** State before the segment's first event: its snapshot, or the config's initial state. */
export function segmentState(reader: TraceReader, seg: SegmentEntry): TwinState {
  if (seg.snapshotOffset >= 0) return reader.readSnapshot(seg.snapshotOffset).state;
  return bootState(reader.header.config);
}

/** State before the trace's first event. */
export function startState(reader: TraceReader): TwinState {
  return segmentState(reader, reader.segmentFor(reader.header.start.seq - 1));
}
