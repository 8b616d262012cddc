/**
 * Decoding the records of one segment (src/trace/format.ts): a fresh sequential Unpackr, the
 * segment's string table, and the implicit envelope (next seq, last command's index and tick).
 * This is the replay hot loop: a record is decoded by msgpackr, fixed up in place (type id ->
 * string, implicit seq/tick/cause filled in) and handed to the visitor; nothing else is allocated
 * per event.
 */
import { Unpackr } from 'msgpackr';
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { LIMITS, RecordKind, type IndexedViolation } from './format.js';

/** What a reader calls for each record, in file order. Every method is optional. */
export interface TraceVisitor {
  /** Return `true` to stop the scan after this event. */
  event?(e: Event): boolean | void;
  command?(index: number, tick: number, cmd: Command): void;
  violation?(v: IndexedViolation): void;
  /** The recorded hash of the state after event `seq`. */
  checkpoint?(seq: number, hash: string): void;
  /** The run settled after event `seq`. */
  settle?(seq: number): void;
  /** The recorder finished normally. */
  end?(events: number, commands: number): void;
  /** A new segment starts: its first event will be `seq`. */
  segment?(seq: number, command: number, tick: number): void;
}

/** A record that is valid msgpack but not a valid trace record. */
export class BadRecord extends Error {
  constructor(readonly expected: string) {
    super(expected);
  }
}

type Rec = Record<string, unknown> & { $?: unknown; type?: unknown };

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export class SegmentDecoder {
  private readonly unpackr = new Unpackr({ sequential: true });
  private readonly strings: string[] = [];
  private nextSeq = 0;
  private cmdIndex = -1;
  private cmdTick = 0;
  private started = false;
  private visitor: TraceVisitor = {};
  /** Set while a visitor method runs, so its exceptions are not mistaken for bad bytes. */
  private visiting = false;
  stopped = false;
  ended = false;
  /** Seq of the last event decoded, -1 before any. */
  lastSeq = -1;
  private readonly onValue = (r: unknown): boolean | void => this.record(r as Rec);

  /**
   * Decode `payload` (whole records, except that the last may be cut when `partial`). Returns
   * the payload position where decoding stopped: payload.length, or the start of a cut record.
   */
  decode(payload: Uint8Array, visitor: TraceVisitor, partial: boolean): number {
    this.visitor = visitor;
    if (payload.length === 0) return 0;
    try {
      this.unpackr.unpackMultiple(payload, this.onValue);
      return payload.length;
    } catch (e) {
      if (this.visiting) {
        this.visiting = false;
        throw e;
      }
      const err = e as { incomplete?: boolean; lastPosition?: number; message?: string };
      const at = err.lastPosition ?? 0;
      if (partial && err.incomplete) return at;
      if (e instanceof BadRecord) throw new BadRecordAt(at, e.expected);
      const what = err.incomplete ? 'a whole msgpack record before the end of the frame' : `valid msgpack (${err.message ?? String(e)})`;
      throw new BadRecordAt(at, what);
    }
  }

  private record(r: Rec): boolean | void {
    if (r === null || typeof r !== 'object') throw new BadRecord('a record (a msgpack map)');
    const type = r.type;
    if (type !== undefined) return this.event(r, type);
    if (!this.started && r.$ !== RecordKind.SegmentStart) throw new BadRecord('a segment-start record first in the segment');
    const v = this.visitor;
    switch (r.$) {
      case RecordKind.Command: {
        const c = r.c as Rec;
        if (c === null || typeof c !== 'object' || !isInt(r.d)) throw new BadRecord('a command record {d, c}');
        if (typeof c.op === 'number') c.op = this.str(c.op);
        this.cmdIndex = r.i === undefined ? this.cmdIndex + 1 : (r.i as number);
        this.cmdTick += r.d;
        if (v.command) {
          this.visiting = true;
          v.command(this.cmdIndex, this.cmdTick, c as unknown as Command);
          this.visiting = false;
        }
        return;
      }
      case RecordKind.Violation:
        if (typeof r.rule !== 'string' || !isInt(r.seq)) throw new BadRecord('a violation record {rule, seq, actor, message}');
        if (v.violation) {
          const iv: IndexedViolation = { rule: r.rule, seq: r.seq, actor: String(r.actor), message: String(r.message) };
          this.call(() => v.violation!(iv));
        }
        return;
      case RecordKind.Checkpoint:
        if (!isInt(r.seq) || typeof r.hash !== 'string') throw new BadRecord('a checkpoint record {seq, hash}');
        if (v.checkpoint) this.call(() => v.checkpoint!(r.seq as number, r.hash as string));
        return;
      case RecordKind.Settle:
        if (!isInt(r.seq)) throw new BadRecord('a settle record {seq}');
        if (v.settle) this.call(() => v.settle!(r.seq as number));
        return;
      case RecordKind.End:
        this.ended = true;
        if (v.end) this.call(() => v.end!(Number(r.events), Number(r.commands)));
        return;
      case RecordKind.SegmentStart:
        if (this.started || !isInt(r.seq) || !isInt(r.command) || !isInt(r.tick)) throw new BadRecord('one segment-start record {seq, command, tick}');
        this.started = true;
        this.nextSeq = r.seq;
        this.lastSeq = r.seq - 1;
        this.cmdIndex = r.command - 1;
        this.cmdTick = r.tick;
        if (v.segment) this.call(() => v.segment!(r.seq as number, r.command as number, r.tick as number));
        return;
      case RecordKind.Define:
        if (typeof r.s !== 'string' || this.strings.length >= LIMITS.strings) throw new BadRecord('a string definition {s}');
        this.strings.push(r.s);
        return;
      default:
        throw new BadRecord('a known record kind');
    }
  }

  private event(r: Rec, type: unknown): boolean | void {
    if (typeof type === 'number') r.type = this.str(type);
    else if (typeof type !== 'string') throw new BadRecord('an event type');
    if (r.seq === undefined) {
      r.seq = this.nextSeq;
      r.tick = this.cmdTick;
      r.cause = this.cmdIndex;
    } else if (!isInt(r.seq) || !isInt(r.tick) || !isInt(r.cause)) {
      throw new BadRecord('integer seq, tick and cause');
    }
    const seq = r.seq as number;
    this.nextSeq = seq + 1;
    this.lastSeq = seq;
    const v = this.visitor.event;
    if (v === undefined) return;
    this.visiting = true;
    const stop = v.call(this.visitor, r as unknown as Event);
    this.visiting = false;
    if (stop === true) {
      this.stopped = true;
      return false;
    }
  }

  private str(id: number): string {
    const s = this.strings[id];
    if (s === undefined) throw new BadRecord(`a defined string id (got ${id})`);
    return s;
  }

  private call(f: () => void): void {
    this.visiting = true;
    f();
    this.visiting = false;
  }
}

/** BadRecord with its position in the payload. */
export class BadRecordAt extends Error {
  constructor(
    readonly position: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}
