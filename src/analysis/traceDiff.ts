/**
 * `vtwin diff A B`: the first point where two traces differ. Both are read in lockstep (commands
 * and events, in file order) while both states are folded. At the first difference it reports
 * the two records and a diff of the two states after the differing command's events, i.e. what
 * the difference did to the device.
 */
import type { Event } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { stateView } from '../domain/view.js';
import type { CommandRec, TraceRecord } from '../trace/format.js';
import { isEvent } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import { deepEqual, diffValues, type DiffResult } from './diff.js';
import { startState } from './start.js';
import { applyRecorded } from './apply.js';

export interface TraceDifference {
  kind: 'event' | 'command' | 'length';
  /** Seq of the first differing event (or where one trace ends). */
  seq: number;
  /** Index of the command in effect. */
  command: number;
  a: Event | CommandRec | null;
  b: Event | CommandRec | null;
  /** The two records. */
  recordDiff: DiffResult;
  /** States of A and B after the events of the command where they differ. */
  stateDiff: DiffResult;
}

export interface TraceDiffResult {
  /** Header fields that differ (config, seed, profile, producer, versions). */
  header: DiffResult;
  identical: boolean;
  /** Commands and events compared equal before the first difference. */
  common: { events: number; commands: number };
  difference: TraceDifference | null;
  truncated: { a: boolean; b: boolean };
}

type Walk = { reader: TraceReader; it: Generator<TraceRecord, unknown>; state: TwinState; done: boolean;
  truncated: boolean };

function open(reader: TraceReader): Walk {
  return { reader, it: reader.records(), state: startState(reader), done: false, truncated: false };
}

/** Next command or event, folding events into the state as they pass. */
function next(w: Walk): Event | CommandRec | null {
  for (;;) {
    const r = w.it.next();
    if (r.done) {
      w.done = true;
      w.truncated = Boolean((r.value as { truncated?: boolean } | undefined)?.truncated);
      return null;
    }
    const rec = r.value;
    if (isEvent(rec)) {
      applyRecorded(w.reader, w.state, rec);
      return rec;
    }
    if (rec.$ === 'command') return rec;
  }
}

/** Fold the rest of the current command's events (reads up to the next command). */
function finishCommand(w: Walk): void {
  if (w.done) return;
  let r = next(w);
  while (r && isEvent(r as TraceRecord)) r = next(w);
}

export function diffTraces(a: TraceReader, b: TraceReader): TraceDiffResult {
  const header = diffValues(headerView(a), headerView(b));
  const wa = open(a);
  const wb = open(b);
  const common = { events: 0, commands: 0 };
  let command = a.header.start.command - 1;
  let difference: TraceDifference | null = null;
  for (;;) {
    const ra = next(wa);
    const rb = next(wb);
    if (ra === null && rb === null) break;
    if (ra !== null && rb !== null && deepEqual(ra, rb)) {
      if (isEvent(ra as TraceRecord)) common.events++;
      else {
        common.commands++;
        command = (ra as CommandRec).index;
      }
      continue;
    }
    const isCmd = (r: Event | CommandRec | null): boolean => r !== null && !isEvent(r as TraceRecord);
    const kind = ra === null || rb === null ? 'length' : isCmd(ra) && isCmd(rb) ? 'command' : 'event';
    if (kind === 'command') command = (ra as CommandRec).index;
    const recordDiff = diffValues(ra, rb);
    finishCommand(wa);
    finishCommand(wb);
    const seq = a.header.start.seq + common.events;
    const stateDiff = diffValues(stateView(wa.state), stateView(wb.state));
    difference = { kind, seq, command, a: ra, b: rb, recordDiff, stateDiff };
    break;
  }
  return {
    header,
    identical: difference === null && header.total === 0,
    common,
    difference,
    truncated: { a: wa.truncated, b: wb.truncated },
  };
}

function headerView(r: TraceReader): Record<string, unknown> {
  const { config, seed, profile, producer, twinVersion, formatVersion, start } = r.header;
  return { config, seed, profile, producer, twinVersion, formatVersion, start };
}
