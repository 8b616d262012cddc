/**
 * A decoder for the event streams vtwin writes, faster than a general msgpack decoder on them.
 *
 * An event stream (src/trace/format.ts) is written by msgpackr's sequential `Packr`: each plain
 * object is a record, whose keys are defined inline the first time (`d4 72 <id>` then the keys as
 * an array, then the values) and referred to afterwards by one byte, `0x40 + id` (64 ids, reused
 * in turn once all are taken). So positive integers from 64 up are written with an explicit type
 * byte, which frees 0x40-0x7f for the record references.
 *
 * This decoder reads that subset: records, arrays, strings, numbers, booleans, nil and undefined
 * (msgpackr's `d4 00 00`). What it gains over msgpackr on replay:
 * - an object of a record type is built by one function per list of keys, shared by every stream
 *   in the process, so every segment's events of a type get the same hidden class (msgpackr compiles
 *   a reader, with an object literal of its own, per structure and decoder: per segment);
 * - strings are read one at a time as they come (short ones in JavaScript, longer ones by a latin1
 *   slice of the Buffer), not by a native call that extracts every string of the frame ahead;
 * - small integers, most of an event's fields, are read inline by the record's reader.
 *
 * Anything else (maps, binary, other extensions, 64-bit integers, 32-bit floats, malformed or
 * truncated bytes) it does not interpret: it stops at the start of that record and hands the rest of
 * the stream, with the record definitions seen so far, to msgpackr (`handOver`). So a stream decodes
 * to the same values, and fails with the same errors, as it always did with msgpackr alone.
 */
import { Unpackr } from 'msgpackr';
import { BadRecordAt, decodeAll, recordError } from './commands.js';
import { readerFor, shortString, type Reader } from './recordReaders.js';

interface Struct {
  readonly keys: string[];
  readonly read: Reader;
}

/** Thrown by a read this decoder leaves to msgpackr; never escapes `decode`. */
const HAND_OVER: unique symbol = Symbol('hand over');
const IDS = 64;
const ascii = new TextDecoder();
/** Node's Buffer, absent in a browser. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/**
 * One record stream: decoded by RecordDecoder until a record it leaves to msgpackr, by msgpackr
 * from there on. `decode` behaves as `decodeAll` with a sequential Unpackr (./commands.ts): the same
 * records reach `each`, the same position is returned, the same errors are thrown (tested).
 */
export class RecordStream {
  private readonly fast = new RecordDecoder();
  private slow: Unpackr | null = null;

  decode(payload: Uint8Array, partial: boolean, each: (v: unknown) => boolean | void): number {
    if (this.slow !== null) return decodeAll(this.slow, payload, partial, each);
    const fast = this.fast;
    let at;
    try {
      at = fast.decode(payload, each);
    } catch (e) {
      throw recordError(e, fast.recordStart);
    }
    if (at === payload.length) return at;
    this.slow = fast.handOver();
    try {
      return at + decodeAll(this.slow, payload.subarray(at), partial, each);
    } catch (e) {
      throw e instanceof BadRecordAt ? new BadRecordAt(at + e.position, e.expected) : e;
    }
  }
}

export class RecordDecoder {
  /** Public for the compiled record readers only. */
  src: Uint8Array = new Uint8Array(0);
  /** `src` as a Node Buffer, whose latin1 slice reads an ASCII string fastest; null in a browser. */
  private buf: Buffer | null = null;
  private view: DataView = new DataView(this.src.buffer);
  /** Public for the compiled record readers only. */
  pos = 0;
  private end = 0;
  /** Record definitions by id (0-63), as the stream defined them so far. */
  private readonly structs: (Struct | null)[] = new Array<Struct | null>(IDS).fill(null);
  /** Definitions the current record made: id and what it replaced, to undo on a hand-over. */
  private readonly undo: (number | Struct | null)[] = [];
  private undone = 0;
  /** Where the record decoded last (or being decoded) starts in the payload. */
  recordStart = 0;

  /**
   * Decode whole records of `payload` in order, calling `each` with each (`each` returning false
   * stops it). Returns payload.length when every record was decoded or `each` stopped it, else the
   * start of the first record this decoder leaves to msgpackr (see `handOver`). Errors thrown by
   * `each` propagate; `recordStart` then says where their record started.
   */
  decode(payload: Uint8Array, each: (v: unknown) => boolean | void): number {
    this.src = payload;
    this.buf = NodeBuffer === undefined ? null : NodeBuffer.isBuffer(payload) ? payload
      : NodeBuffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    this.view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const end = (this.end = payload.length);
    this.pos = 0;
    while (this.pos < end) {
      const at = (this.recordStart = this.pos);
      this.undone = 0;
      let v: unknown;
      try {
        v = this.value();
      } catch {
        v = HAND_OVER;
      }
      if (v === HAND_OVER || this.pos > end) {
        this.revert();
        this.pos = at;
        return at;
      }
      if (each(v) === false) return end;
    }
    return end;
  }

  /** A msgpackr decoder that goes on where this one stopped: it knows the same definitions. */
  handOver(): Unpackr {
    const structures: string[][] = [];
    for (let id = 0; id < IDS; id++) {
      const s = this.structs[id];
      if (s != null) structures[id] = s.keys.slice();
    }
    return new Unpackr({ sequential: true, structures });
  }

  private revert(): void {
    const u = this.undo;
    for (let i = this.undone - 2; i >= 0; i -= 2) this.structs[u[i] as number] = u[i + 1] as Struct | null;
    this.undone = 0;
  }

  /** One msgpack value. Public for the compiled record readers only. */
  value(): unknown {
    const s = this.src;
    const t = s[this.pos++]!;
    if (t < 0x40) return t;
    if (t < 0x80) return this.record(t);
    if (t >= 0xe0) return t - 0x100;
    if (t < 0xc0) {
      if (t >= 0xa0) return this.str(t - 0xa0);
      if (t >= 0x90) return this.array(t - 0x90);
      throw HAND_OVER; // a map: msgpackr decodes it to a Map, left to it
    }
    const v = this.view;
    const p = this.pos;
    switch (t) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xcb: this.pos = p + 8; return v.getFloat64(p);
      case 0xcc: this.pos = p + 1; return s[p]!;
      case 0xcd: this.pos = p + 2; return v.getUint16(p);
      case 0xce: this.pos = p + 4; return v.getUint32(p);
      case 0xd0: this.pos = p + 1; return v.getInt8(p);
      case 0xd1: this.pos = p + 2; return v.getInt16(p);
      case 0xd2: this.pos = p + 4; return v.getInt32(p);
      case 0xd4: return this.fixext1();
      case 0xd9: this.pos = p + 1; return this.str(s[p]!);
      case 0xda: this.pos = p + 2; return this.str(v.getUint16(p));
      case 0xdb: this.pos = p + 4; return this.str(v.getUint32(p));
      case 0xdc: this.pos = p + 2; return this.array(v.getUint16(p));
      case 0xdd: this.pos = p + 4; return this.array(v.getUint32(p));
      default: throw HAND_OVER;
    }
  }

  private record(t: number): unknown {
    const st = this.structs[t & 0x3f];
    // msgpackr reads a reference to an undefined record as the integer itself.
    if (st == null) return t;
    return st.read(this);
  }

  /** `d4 72 <id>`: a record definition, then the record; `d4 00 00`: undefined. */
  private fixext1(): unknown {
    const s = this.src;
    const p = this.pos;
    const kind = s[p];
    if (kind === 0x00) {
      this.pos = p + 2;
      return undefined;
    }
    if (kind !== 0x72) throw HAND_OVER;
    const id = s[p + 1]! & 0x3f;
    this.pos = p + 2;
    const keys = this.value();
    if (!Array.isArray(keys)) throw HAND_OVER;
    for (const k of keys) if (typeof k !== 'string') throw HAND_OVER;
    this.undo[this.undone++] = id;
    this.undo[this.undone++] = this.structs[id] ?? null;
    const st: Struct = { keys: keys as string[], read: readerFor(keys as string[]) };
    this.structs[id] = st;
    return st.read(this);
  }

  private array(n: number): unknown[] {
    if (n > this.end - this.pos) throw HAND_OVER; // every element takes a byte at least
    const a = new Array<unknown>(n);
    for (let i = 0; i < n; i++) a[i] = this.value();
    return a;
  }

  private str(n: number): string {
    const s = this.src;
    const p = this.pos;
    const e = p + n;
    if (e > this.end) throw HAND_OVER;
    this.pos = e;
    // Only ASCII is read here: it decodes the same under every UTF-8 decoder, with or without BOM
    // handling. Other bytes go to msgpackr, whose decoding they keep.
    for (let i = p; i < e; i++) if (s[i]! >= 0x80) throw HAND_OVER;
    return n < 16 ? shortString(s, p, n) : this.latin1(p, e);
  }

  private latin1(p: number, e: number): string {
    const b = this.buf;
    if (b !== null) return (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(p, e);
    return ascii.decode(this.src.subarray(p, e));
  }
}
