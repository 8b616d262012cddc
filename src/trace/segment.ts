/**
 * Decoding one segment (src/trace/format.ts). A segment has two record streams, each with a
 * fresh sequential Unpackr and its own string table:
 *
 * - the event stream: events, command markers and meta records, in the order they happened;
 * - the command stream: the commands' contents, one per marker, in the same order.
 *
 * This is the replay hot loop. An event is decoded by msgpackr, its type id becomes the type
 * string in place, and it goes to the visitor: to `body` without touching its envelope (fold),
 * or to `event` with seq/tick/cause filled in. A reader that wants no commands never decodes the
 * command stream at all.
 */
import { Unpackr } from 'msgpackr';
import type { Command } from '../domain/commands.js';
import type { Event, EventBody } from '../domain/events.js';
import { BadRecord, CommandQueue, decodeAll, isInt, VisitorError, type Rec } from './commands.js';
import { LIMITS, RecordKind, type IndexedViolation } from './format.js';

export { BadRecord, BadRecordAt } from './commands.js';

/** What a reader calls for each record, in file order. Every method is optional. */
export interface TraceVisitor {
  /** Return `true` to stop the scan after this event. */
  event?(e: Event): boolean | void;
  /**
   * The fast path, used instead of `event` when present: the event body without its envelope
   * (seq is the argument; tick and cause are not filled in), which is all `evolve` and the state
   * hash take. `typeId` numbers the event's type within the current segment (-1 when the trace
   * spelled it out), so a visitor can cache per-type work; ids restart at each `segment` call.
   * `hasFn` says whether the event carries `fn` (touches per-function state), as the writer
   * recorded it. Return `true` to stop the scan after this event.
   */
  body?(e: EventBody, seq: number, typeId: number, hasFn: boolean): boolean | void;
  /**
   * Defining this makes the reader decode the command stream. `src`: the capture line the command
   * was ingested from (`vtwin ingest`), when it has one.
   */
  command?(index: number, tick: number, cmd: Command, src?: number): void;
  violation?(v: IndexedViolation): void;
  /** The recorded hash of the state after event `seq`. */
  checkpoint?(seq: number, hash: string): void;
  /** The run settled after event `seq`. */
  settle?(seq: number): void;
  /** The recorder finished normally. */
  end?(events: number, commands: number): void;
  /** A new segment starts: its first event will be `seq`. */
  segment?(seq: number, command: number, tick: number): void;
  /**
   * With `body`: the segment defined type id `typeId` as event type `type` (`hasFn` as for
   * `body`). A visitor with this method gets its events at `body` with `type` left as the id:
   * it looks what it needs per type up by `typeId`, and writing the string into every event was a
   * measurable part of fold replay. (Events whose envelope is not the implicit one, and events
   * that spell their type out, still come with the string.)
   */
  type?(typeId: number, type: string, hasFn: boolean): void;
}

export class SegmentDecoder {
  private readonly unpackr = new Unpackr({ sequential: true });
  private readonly strings: string[] = [];
  private nextSeq = 0;
  private cmdIndex = -1;
  private cmdTick = 0;
  private started = false;
  private readonly visitor: TraceVisitor;
  private readonly onBody: ((e: EventBody, seq: number, typeId: number, hasFn: boolean) => boolean | void) | null;
  /** Per string id: an event type whose events carry `fn`. */
  private readonly fnFlags: boolean[] = [];
  private readonly onEvent: ((e: Event) => boolean | void) | null;
  /** The visitor takes type ids at `body` (it has `type`). */
  private readonly keepIds: boolean;
  /** seq, tick, cause of the next event when an envelope record gave them. */
  private envelope: [number, number, number] | null = null;
  /** Index and tick of the next command when a command-at record gave them. */
  private commandAt: [number, number] | null = null;
  /** Where command contents come from; null when the visitor takes no commands. */
  readonly commands: CommandQueue | null;
  stopped = false;
  ended = false;
  /** Commands seen (markers), whether or not their contents were decoded. */
  markers = 0;

  /** Seq of the last event decoded (start seq - 1 before any). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Per record. The common case, an event whose type is a string-table id, is handled first and
   * inline; everything else goes to `other`.
   */
  private readonly onValue = (r: unknown): boolean | void => {
    if (typeof r === 'object' && r !== null) {
      const type = (r as Rec).type;
      if (typeof type === 'number') {
        const name = this.strings[type];
        if (name !== undefined) {
          // Fold's path: no envelope to fill in, the body visitor called as a method.
          if (this.envelope === null && this.started && this.onBody !== null) {
            if (!this.keepIds) (r as Rec).type = name;
            const seq = this.nextSeq++;
            let stop;
            try {
              stop = this.visitor.body!(r as unknown as EventBody, seq, type, this.fnFlags[type]!);
            } catch (e) {
              throw new VisitorError(e);
            }
            if (stop !== true) return;
            this.stopped = true;
            return false;
          }
          (r as Rec).type = name;
          return this.deliver(r as Rec, type);
        }
      }
    }
    if (typeof r === 'number') return this.marker(r);
    return this.other(r);
  };

  /**
   * `checkType`, when given, sees each event type the stream defines or spells out, and throws
   * for one the reader refuses (a trace without index shows its types only as it is read).
   */
  constructor(visitor: TraceVisitor, private readonly checkType?: (type: string) => void) {
    this.visitor = visitor;
    this.onBody = visitor.body ? visitor.body.bind(visitor) : null;
    this.onEvent = visitor.event ? visitor.event.bind(visitor) : null;
    this.commands = visitor.command ? new CommandQueue() : null;
    this.keepIds = this.onBody !== null && visitor.type !== undefined;
  }

  /**
   * Decode an event-stream payload (whole records, except that the last may be cut when
   * `partial`). Returns where decoding stopped: payload.length, or the start of a cut record.
   */
  decode(payload: Uint8Array, partial: boolean): number {
    return decodeAll(this.unpackr, payload, partial, this.onValue);
  }

  /** A command happened here: the marker is its tick delta. */
  private marker(delta: number): void {
    if (!this.started) throw new BadRecord('a segment-start record first in the segment');
    this.markers++;
    const at = this.commandAt;
    if (at !== null) {
      this.cmdIndex = at[0];
      this.cmdTick = at[1];
      this.commandAt = null;
    } else {
      this.cmdIndex++;
      this.cmdTick += delta;
    }
    const q = this.commands;
    if (q === null) return;
    const cmd = q.next();
    if (cmd === undefined) throw new BadRecord(
      `the contents of command ${this.cmdIndex} in a commands frame before this one`);
    try {
      this.visitor.command!(this.cmdIndex, this.cmdTick, cmd, q.lastSource);
    } catch (e) {
      throw new VisitorError(e);
    }
  }

  private meta(r: Rec): void {
    if (!this.started && r.$ !== RecordKind.SegmentStart) throw new BadRecord(
      'a segment-start record first in the segment');
    const v = this.visitor;
    switch (r.$) {
      case RecordKind.Violation:
        if (typeof r.rule !== 'string' || !isInt(r.seq)) throw new BadRecord(
          'a violation record {rule, seq, actor, message}');
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
        if (this.started || !isInt(r.seq) || !isInt(r.command)
          || !isInt(r.tick)) throw new BadRecord('one segment-start record {seq, command, tick}');
        this.started = true;
        this.nextSeq = r.seq;
        this.cmdIndex = r.command - 1;
        this.cmdTick = r.tick;
        if (v.segment) this.call(() => v.segment!(r.seq as number, r.command as number, r.tick as number));
        return;
      case RecordKind.Envelope:
        if (!isInt(r.seq) || !isInt(r.tick) || !isInt(r.cause)) throw new BadRecord(
          'an envelope record {seq, tick, cause}');
        this.envelope = [r.seq, r.tick, r.cause];
        return;
      case RecordKind.CommandAt:
        if (!isInt(r.i) || !isInt(r.t)) throw new BadRecord('a command-at record {i, t}');
        this.commandAt = [r.i, r.t];
        return;
      case RecordKind.Define:
        if (typeof r.s !== 'string' || this.strings.length >= LIMITS.strings) throw new BadRecord(
          'a string definition {s}');
        if (this.checkType) this.call(() => this.checkType!(r.s as string));
        this.strings.push(r.s);
        this.fnFlags.push(r.f === 1);
        if (this.keepIds) this.call(() => v.type!(this.strings.length - 1, r.s as string, r.f === 1));
        return;
      default:
        throw new BadRecord('a known record kind');
    }
  }

  /** Markers, meta records, events with a literal type string, and anything malformed. */
  private other(r: unknown): boolean | void {
    if (typeof r === 'number') return this.marker(r);
    if (r === null || typeof r !== 'object') throw new BadRecord('a record (a msgpack map or a command marker)');
    const type = (r as Rec).type;
    if (type === undefined) return this.meta(r as Rec);
    if (typeof type === 'number') throw new BadRecord(`a defined string id (got ${type})`);
    if (typeof type !== 'string') throw new BadRecord('an event type');
    if (this.checkType) this.call(() => this.checkType!(type));
    return this.deliver(r as Rec, -1);
  }

  /** An event, its type already a string: to `body`, or envelope filled in to `event`. */
  private deliver(r: Rec, typeId: number): boolean | void {
    if (!this.started) throw new BadRecord('a segment-start record first in the segment');
    let seq = this.nextSeq;
    let tick = this.cmdTick;
    let cause = this.cmdIndex;
    const env = this.envelope;
    if (env !== null) {
      seq = env[0];
      tick = env[1];
      cause = env[2];
      this.envelope = null;
    }
    this.nextSeq = seq + 1;
    let stop;
    try {
      const b = this.onBody;
      if (b !== null) stop = b(r as unknown as EventBody, seq, typeId, typeId >= 0
        ? this.fnFlags[typeId]! : r.fn !== undefined);
      else {
        r.seq = seq;
        r.tick = tick;
        r.cause = cause;
        const v = this.onEvent;
        if (v !== null) stop = v(r as unknown as Event);
      }
    } catch (e) {
      throw new VisitorError(e);
    }
    if (stop === true) {
      this.stopped = true;
      return false;
    }
  }

  /** Runs a (rare) meta-record visitor method; its exceptions are its own, not bad bytes. */
  private call(f: () => void): void {
    try {
      f();
    } catch (e) {
      throw new VisitorError(e);
    }
  }
}
