/**
 * Reading a trace (layout: src/trace/format.ts) from any ByteSource, streaming: memory stays
 * bounded by the largest frame whatever the trace's length.
 *
 *   const trace = openTrace(fileSource('run.vtrace'));      // checks magic, version, header, index
 *   const r = trace.scan({ event: (e) => { ... }, command: (i, tick, cmd) => { ... } });
 *   r.truncated, r.truncatedAt                                 // a cut file still yields its prefix
 *
 * Guarantees: a file cut at any byte yields every record before the cut and says where it was
 * cut; a changed byte is a TraceFormatError naming its frame's offset; nothing read from the file
 * sizes an allocation beyond the file's own size and LIMITS.
 */
import { Unpackr } from 'msgpackr';
import { resolveConfig } from '../domain/device.js';
import { isKnownEventType } from '../domain/evolve.js';
import { profileByName } from '../domain/profiles.js';
import { ForeignTraceError } from '../errors.js';
import { migrateState } from './migrate.js';
import { TWIN_VERSION } from '../version.js';
import {
  FRAME_HEADER_BYTES,
  FrameKind,
  LIMITS,
  PREFIX_BYTES,
  type SegmentEntry,
  type SnapshotRec,
  type TraceHeader,
  type TraceIndex,
  type TraceRecord,
} from './format.js';
import { FrameReader, kindName, type Frame } from './frames.js';
import { decodeFrame, readIndex, scanSegments } from './locate.js';
import { SegmentDecoder, type TraceVisitor } from './segment.js';
import type { ByteSource } from './source.js';
import { validateHeader, validateIndex, validateSnapshot } from './validate.js';
import { newResult, type ScanOptions, type ScanResult } from './scan.js';

export type { ScanOptions, ScanResult } from './scan.js';

export interface OpenOptions {
  /**
   * Read a trace made by a newer twin (event types or profiles this build does not know) instead
   * of refusing it with a ForeignTraceError: for tools that only show what a file holds (inspect).
   */
  foreign?: boolean;
}

export function openTrace(source: ByteSource, opts: OpenOptions = {}): TraceReader {
  return new TraceReader(source, opts);
}

export class TraceReader {
  readonly header: TraceHeader;
  /** The index, when the file is complete (trailer and index intact). */
  readonly index: TraceIndex | null;
  readonly size: number;
  private readonly fr: FrameReader;
  private readonly name: string;
  /** Offset of the first frame after the header. */
  readonly dataStart: number;
  /** Where records end: the index frame of a complete file, else the file size. */
  private readonly dataEnd: number;

  private readonly checkType: ((type: string) => void) | undefined;

  constructor(readonly source: ByteSource, opts: OpenOptions = {}) {
    this.name = source.name;
    this.size = source.size;
    this.fr = new FrameReader(source);
    this.fr.checkPrefix();
    const hf = this.fr.frame(PREFIX_BYTES, this.size, false, LIMITS.headerBytes);
    if (hf === 'eof' || hf.partial) throw this.fr.fail(PREFIX_BYTES,
      'a header frame, but the trace ends inside it (truncated)');
    if (hf.kind !== FrameKind.Header) throw this.fr.fail(PREFIX_BYTES,
      `a header frame, got a ${kindName(hf.kind)} frame`);
    this.header = validateHeader(this.fr.decodePlain(hf), this.name, hf.offset + FRAME_HEADER_BYTES);
    if (this.fr.version >= 2) this.fr.trace = hf.checksum;
    this.header.config = resolveConfig(this.header.config, `${this.name}: header`, 'config');
    this.dataStart = hf.next;
    this.index = this.readIndex();
    this.dataEnd = this.indexOffset ?? this.size;
    if (!opts.foreign) {
      this.refuseForeign(Object.keys(this.index?.eventCounts ?? {}));
      this.checkType = (type) => this.refuseForeign([type]);
    }
  }

  /** A ForeignTraceError if the header's profile or any of `types` is unknown to this build. */
  private refuseForeign(types: readonly string[]): void {
    const h = this.header;
    const profiles = [...new Set([h.profile, h.config.profile])].filter((p) => profileByName(p) === undefined);
    const unknown = types.filter((t) => !isKnownEventType(t));
    if (profiles.length || unknown.length) {
      throw new ForeignTraceError(this.name, h.twinVersion, TWIN_VERSION, unknown, profiles);
    }
  }

  private indexOffset: number | null = null;
  private framePosition = 0;

  /**
   * Offset of the records frame a scan is delivering records from (for messages about a record
   * the caller could not use: a TraceFormatError names the frame).
   */
  get position(): number {
    return this.framePosition;
  }

  get complete(): boolean {
    return this.index !== null;
  }

  close(): void {
    this.source.close?.();
  }

  /** Whether this build's twin version differs from the one that recorded the trace. */
  get versionSkew(): boolean {
    return this.header.twinVersion !== TWIN_VERSION;
  }

  /**
   * Visit every record in file order (from a segment, if `opts.from`). Snapshot frames are
   * skipped without decoding. Stops early when `visitor.event` returns true.
   */
  scan(visitor: TraceVisitor, opts: ScanOptions = {}): ScanResult {
    const result = newResult();
    for (const _ of this.run(visitor, opts, result));
    return result;
  }

  /**
   * All records in order (events as Event objects), pulled one frame at a time so memory stays
   * bounded. The generator's return value is the ScanResult.
   */
  *records(opts: ScanOptions = {}): Generator<TraceRecord, ScanResult, undefined> {
    const batch: TraceRecord[] = [];
    const collector: TraceVisitor = {
      event: (e) => void batch.push(e),
      command: (index, tick, cmd, src) =>
        void batch.push(src === undefined ? { $: 'command', index, tick, cmd }
          : { $: 'command', index, tick, cmd, src }),
      violation: (violation) => void batch.push({ $: 'violation', violation }),
      checkpoint: (seq, hash) => void batch.push({ $: 'checkpoint', seq, hash }),
      settle: (seq) => void batch.push({ $: 'settle', seq }),
      end: (events, commands) => void batch.push({ $: 'end', events, commands }),
    };
    const result = newResult();
    for (const _ of this.run(collector, opts, result)) {
      yield* batch;
      batch.length = 0;
    }
    yield* batch;
    return result;
  }

  /** The frame loop; yields after each event-stream frame. */
  private *run(visitor: TraceVisitor, opts: ScanOptions, result: ScanResult): Generator<void, void, undefined> {
    let at = opts.from ? opts.from.offset : this.dataStart;
    // The current segment: created at its first frame, ended by a snapshot frame.
    let dec: SegmentDecoder | null = null;
    let eventsStarted = false;
    let commandsStarted = false;
    // Commands whose marker was cut off are dropped: the event stream is the timeline.
    const cut = (offset: number, reason: string): void => {
      result.truncated = true;
      result.truncatedAt = offset;
      result.reason = reason;
    };
    const segment = (): SegmentDecoder => {
      if (!dec) {
        dec = new SegmentDecoder(visitor, this.checkType);
        eventsStarted = commandsStarted = false;
      }
      return dec;
    };
    const until = opts.until ?? Infinity;
    for (;;) {
      if (at === this.dataEnd && this.index) return;
      if (at >= until) return;
      opts.progress?.(at, this.size);
      const f = this.fr.frame(at, this.dataEnd, false);
      if (f === 'eof') {
        return cut(at, result.ended ? 'the index and trailer are missing'
          : 'the trace ends without an end record (the recorder did not finish)');
      }
      if (f.partial && f.kind === 0) return cut(at, 'the trace is cut inside a frame header');
      switch (f.kind) {
        case FrameKind.Segment:
        case FrameKind.Records: {
          const first = f.kind === FrameKind.Segment;
          if (first ? dec !== null && eventsStarted : dec === null || !eventsStarted) {
            throw this.fr.fail(at + 1, first ? 'a snapshot frame between two segments'
              : 'a segment frame before records frames');
          }
          const d = segment();
          eventsStarted = true;
          this.framePosition = f.offset;
          const before = d.markers;
          const stoppedAt = this.decodeFrame(f, () => d.decode(f.payload, f.partial));
          result.commands += d.markers - before;
          result.lastSeq = d.lastSeq;
          result.ended = result.ended || d.ended;
          if (d.stopped) {
            result.stopped = true;
            return;
          }
          if (f.partial) return cut(f.offset + FRAME_HEADER_BYTES + stoppedAt,
            'the trace is cut inside a records frame');
          yield;
          break;
        }
        case FrameKind.CommandSegment:
        case FrameKind.Commands: {
          const first = f.kind === FrameKind.CommandSegment;
          if (first ? dec !== null && commandsStarted : dec === null || !commandsStarted) {
            throw this.fr.fail(at + 1, first ? 'a snapshot frame between two segments'
              : 'a command-segment frame before commands frames');
          }
          const q = segment().commands;
          commandsStarted = true;
          const stoppedAt = q ? this.decodeFrame(f, () => q.decode(f.payload, f.partial)) : 0;
          if (f.partial) return cut(f.offset + FRAME_HEADER_BYTES + stoppedAt,
            'the trace is cut inside a commands frame');
          break;
        }
        case FrameKind.Snapshot:
          if (f.partial) return cut(at, 'the trace is cut inside a snapshot frame');
          dec = null;
          break;
        case FrameKind.Index:
          if (f.partial) return cut(at, 'the trace is cut inside its index');
          this.fr.checkTrailerPrefix(f.next, at);
          return cut(this.size, 'the trailer is cut');
        default:
          throw this.fr.fail(at + 1, `a records, commands, snapshot or index frame, got a ${kindName(f.kind)} frame`);
      }
      at = f.next;
    }
  }

  /** Segments in order: from the index, or by reading frame headers when there is none. */
  segments(): SegmentEntry[] {
    return this.index ? this.index.segments : scanSegments(this.fr, this.dataStart, this.dataEnd);
  }

  /** The last segment whose first event is <= seq + 1, i.e. whose start state is at or before seq. */
  segmentFor(seq: number): SegmentEntry {
    const segs = this.segments();
    let best = segs[0];
    if (!best) {
      // Cut inside the first segment's frames: its start is the header's, and scanning from the
      // first frame recovers the records before the cut, as for any truncated trace.
      const st = this.header.start;
      if (st.state !== 'config') throw this.fr.fail(this.dataStart, 'a segment frame after the header');
      return { offset: this.dataStart, snapshotOffset: -1, seq: st.seq, command: st.command, tick: st.tick };
    }
    for (const s of segs) if (s.seq <= seq + 1) best = s;
    return best;
  }

  /** Decode the snapshot frame at `offset`. */
  readSnapshot(offset: number): SnapshotRec {
    const f = this.fr.frame(offset, this.dataEnd, false);
    if (f === 'eof' || f.partial || f.kind !== FrameKind.Snapshot) throw this.fr.fail(offset, 'a whole snapshot frame');
    let value: unknown;
    try {
      value = new Unpackr({ sequential: true }).unpack(f.payload.subarray(0, f.length));
    } catch (e) {
      throw this.fr.fail(offset + FRAME_HEADER_BYTES, `a snapshot record (${(e as Error).message})`);
    }
    const snap = validateSnapshot(value, this.name, offset + FRAME_HEADER_BYTES);
    // The config never changes during a run: the header's, with defaults for options added since
    // the trace was written, stands in for the copy frozen into the snapshot.
    snap.state.config = this.header.config;
    // Older formats kept some tables in other layouts (./migrate.ts).
    migrateState(snap.state);
    return snap;
  }

  private decodeFrame(f: Frame, decode: () => number): number {
    return decodeFrame(this.fr, f, decode);
  }

  /** Read the trailer and index; null when the file is not complete. */
  private readIndex(): TraceIndex | null {
    const found = readIndex(this.fr, this.dataStart, this.size);
    if (!found) return null;
    this.indexOffset = found.offset;
    return validateIndex(found.raw, this.name, found.offset + FRAME_HEADER_BYTES);
  }
}
