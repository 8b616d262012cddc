/**
 * The command stream of a segment (src/trace/format.ts) and the decoding plumbing both streams
 * share: unpackMultiple with the trace's error mapping, and the errors a bad record raises.
 */
import { Unpackr } from 'msgpackr';
import type { Command } from '../domain/commands.js';
import { LIMITS, RecordKind, SOURCE_FIELD } from './format.js';

/** A record that is valid msgpack but not a valid trace record. */
export class BadRecord extends Error {
  constructor(readonly expected: string) {
    super(expected);
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

/** An exception thrown by a visitor, carried through msgpackr untouched. */
export class VisitorError {
  constructor(readonly inner: unknown) {}
}

export type Rec = Record<string, unknown> & { $?: unknown; type?: unknown };

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** unpackMultiple with the trace's error mapping. Returns where decoding stopped. */
export function decodeAll(u: Unpackr, payload: Uint8Array, partial: boolean,
    each: (v: unknown) => boolean | void): number {
  if (payload.length === 0) return 0;
  try {
    u.unpackMultiple(payload, each);
    return payload.length;
  } catch (e) {
    if (e instanceof VisitorError) throw e.inner;
    const err = e as { incomplete?: boolean; lastPosition?: number; message?: string };
    const at = err.lastPosition ?? 0;
    if (partial && err.incomplete) return at;
    if (e instanceof BadRecord) throw new BadRecordAt(at, e.expected);
    const what = err.incomplete ? 'a whole msgpack record before the end of the frame'
      : `valid msgpack (${err.message ?? String(e)})`;
    throw new BadRecordAt(at, what);
  }
}

/** The command stream of a segment, decoded into a queue the event stream's markers consume. */
export class CommandQueue {
  private readonly unpackr = new Unpackr({ sequential: true });
  private readonly strings: string[] = [];
  private queue: Command[] = [];
  /** Per queued command: the capture line it came from (`$src`), or undefined. */
  private sources: (number | undefined)[] = [];
  private head = 0;
  /** The capture line of the command `next()` returned last (`vtwin ingest` provenance). */
  lastSource: number | undefined = undefined;
  private readonly onValue = (r: unknown): void => {
    if (r === null || typeof r !== 'object') throw new BadRecord('a command (a msgpack map)');
    const c = r as Rec;
    if (c.$ === RecordKind.Define) {
      if (typeof c.s !== 'string' || this.strings.length >= LIMITS.strings) throw new BadRecord(
        'a string definition {s}');
      this.strings.push(c.s);
      return;
    }
    const op = c.op;
    if (typeof op === 'number') {
      const name = this.strings[op];
      if (name === undefined) throw new BadRecord(`a defined string id (got ${op})`);
      c.op = name;
    } else if (typeof op !== 'string') throw new BadRecord('a command with an op');
    if (c.op === 'device.run') {
      const item = c.item as Rec | null | undefined;
      if (item !== null && typeof item === 'object' && typeof item.kind === 'number') {
        const kind = this.strings[item.kind];
        if (kind === undefined) throw new BadRecord(`a defined string id (got ${item.kind})`);
        item.kind = kind;
      }
    }
    const src = c[SOURCE_FIELD];
    if (src !== undefined) {
      if (!isInt(src) || src < 1) throw new BadRecord(`a capture line number (${SOURCE_FIELD}, an integer >= 1)`);
      delete c[SOURCE_FIELD];
    }
    this.queue.push(c as unknown as Command);
    this.sources.push(src as number | undefined);
  };

  decode(payload: Uint8Array, partial: boolean): number {
    if (this.head > 0 && this.head === this.queue.length) {
      this.queue = [];
      this.sources = [];
      this.head = 0;
    }
    return decodeAll(this.unpackr, payload, partial, this.onValue);
  }

  next(): Command | undefined {
    if (this.head >= this.queue.length) return undefined;
    this.lastSource = this.sources[this.head];
    return this.queue[this.head++];
  }
}

