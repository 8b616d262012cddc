/** One record stream of a segment being written (src/trace/format.ts). */
import { Packr } from 'msgpackr';
import { buildFrame } from './frames.js';
import { DEFAULTS, LIMITS, RecordKind, type FrameKind } from './format.js';

/** One record stream of a segment: its Packr, string table and pending bytes. */
export class Stream {
  private packr = new Packr({ sequential: true });
  private strings = new Map<string, number>();
  private buf = new Uint8Array(DEFAULTS.frameBytes * 2);
  pos = 0;
  private started = false;

  constructor(
    private readonly first: FrameKind,
    private readonly rest: FrameKind,
  ) {}

  /** A new segment: fresh structures and strings (call with nothing pending). */
  reset(): void {
    this.packr = new Packr({ sequential: true });
    this.strings.clear();
    this.started = false;
  }

  put(rec: unknown): void {
    const bytes = this.packr.pack(rec);
    if (this.pos + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + bytes.length));
      bigger.set(this.buf.subarray(0, this.pos));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** The id of a type/op string in this stream's table, defining it on first use. */
  intern(s: string): number | string {
    return this.define(s, s, false);
  }

  /**
   * An event type's id. Events of the type that carry `fn` and those that do not get different
   * ids (the definition says which), so a replay knows without looking which events touch a
   * function (the incremental state hash needs that, and a property miss per event is not free).
   */
  internType(type: string, hasFn: boolean): number | string {
    return this.define(hasFn ? `${type}\u0000fn` : type, type, hasFn);
  }

  private define(key: string, s: string, hasFn: boolean): number | string {
    const id = this.strings.get(key);
    if (id !== undefined) return id;
    if (this.strings.size >= LIMITS.strings) return s;
    const next = this.strings.size;
    this.strings.set(key, next);
    this.put(hasFn ? { $: RecordKind.Define, s, f: 1 } : { $: RecordKind.Define, s });
    return next;
  }

  /** The pending records as a frame bound to trace `trace` at offset `at` (README "Traces"), or null. */
  frame(trace: number, at: number): Uint8Array | null {
    if (this.pos === 0) return null;
    const frame = buildFrame(this.started ? this.rest : this.first, this.buf.subarray(0, this.pos), trace, at);
    this.started = true;
    this.pos = 0;
    return frame;
  }
}

