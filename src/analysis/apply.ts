/**
 * Folding recorded events outside fold replay (`state`, `check`, `blame`, `diff`). A recipe that
 * throws on a recorded event means the trace is damaged (e.g. a frame duplicated or lost in a
 * trace without index) or was recorded by a model this twin does not reproduce: either way a
 * TraceFormatError naming the frame the event came from, never a crash.
 */
import { evolve } from '../domain/evolve.js';
import type { Event, EventBody } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { TraceFormatError } from '../errors.js';
import type { TraceReader } from '../trace/reader.js';

/** Apply a recorded event (or an event body and its `seq`). */
export function applyRecorded(reader: TraceReader, state: TwinState, e: Event | EventBody, seq?: number): void {
  try {
    evolve(state, e);
  } catch (err) {
    throw unusable(reader, eventName(e, seq), err);
  }
}

export function eventName(e: Event | EventBody, seq = (e as Event).seq): string {
  return `event seq ${seq} (${e.type})`;
}

/**
 * The error for a recorded record (`what`: "event seq 12 (aq/started)") that could not be applied
 * or checked, at the frame the reader is delivering from.
 */
export function unusable(reader: TraceReader, what: string, err: unknown): TraceFormatError {
  return new TraceFormatError(reader.source.name, reader.position,
    `a records frame whose records apply to the state recorded before them, but ${what} fails ` +
    `(${(err as Error)?.message ?? String(err)}): the trace is damaged (a frame lost or repeated?), or was ` +
    'recorded by a twin whose model differs');
}

/** Run `f` (rules or scheduling on the state recorded events built); its exception is `unusable`. */
export function guard<T>(reader: TraceReader, what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw unusable(reader, what, err);
  }
}
