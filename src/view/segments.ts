/**
 * The viewer's access to a trace: one segment (the records between two snapshots) decoded at a
 * time and kept in a small cache, with the state its snapshot starts from. Seeking anywhere costs
 * one segment's decode and fold, never the whole trace (README "Traces": snapshots every M events).
 */
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { segmentState } from '../analysis/start.js';
import type { IndexedViolation, SegmentEntry } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';

export interface LoadedCommand {
  index: number;
  tick: number;
  cmd: Command;
  /** The seq of the first event after it (its first event, if it has any). */
  at: number;
}

export interface Loaded {
  index: number;
  /** Seq of the segment's first event; `end` is its last (seq - 1 when it has none). */
  seq: number;
  end: number;
  /** The state before `seq`. Never mutated: clone it to fold. */
  start: TwinState;
  events: Event[];
  commands: LoadedCommand[];
  violations: IndexedViolation[];
  settles: number[];
}

/** Segments decoded at once: enough for stepping across a boundary both ways. */
const CACHED = 3;

export class Segments {
  readonly list: readonly SegmentEntry[];
  private readonly cache = new Map<number, Loaded>();

  constructor(private readonly reader: TraceReader) {
    const segs = reader.segments();
    this.list = segs.length > 0 ? segs : [reader.segmentFor(reader.header.start.seq - 1)];
  }

  /** The segment holding event `seq` (for a seq before the first event: the first segment). */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.list[mid]!.seq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The segment whose commands include command `index` (by the command index each starts at). */
  indexOfCommand(index: number): number {
    let best = 0;
    for (let i = 0; i < this.list.length; i++) if (this.list[i]!.command <= index) best = i;
    return best;
  }

  load(i: number): Loaded {
    const hit = this.cache.get(i);
    if (hit) {
      this.cache.delete(i);
      this.cache.set(i, hit);
      return hit;
    }
    const loaded = this.decode(i);
    this.cache.set(i, loaded);
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }

  private decode(i: number): Loaded {
    const seg = this.list[i]!;
    const out: Loaded = {
      index: i,
      seq: seg.seq,
      end: seg.seq - 1,
      start: segmentState(this.reader, seg),
      events: [],
      commands: [],
      violations: [],
      settles: [],
    };
    // The scan runs on into the next segment: stop at its first record.
    let segmentsSeen = 0;
    let next = seg.seq;
    this.reader.scan(
      {
        segment() {
          segmentsSeen++;
        },
        command(index, tick, cmd) {
          if (segmentsSeen <= 1) out.commands.push({ index, tick, cmd, at: next });
        },
        event(e) {
          if (segmentsSeen > 1) return true;
          out.events.push(e);
          out.end = e.seq;
          next = e.seq + 1;
        },
        violation(v) {
          if (segmentsSeen <= 1) out.violations.push(v);
        },
        settle(seq) {
          if (segmentsSeen <= 1) out.settles.push(seq);
        },
      },
      { from: seg },
    );
    return out;
  }
}
