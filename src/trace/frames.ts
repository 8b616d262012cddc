/**
 * Frames (src/trace/format.ts): built for the writer; read from a ByteSource and checked: marker, kind, reserved bytes,
 * bounded length, checksum. A frame that runs past the end of the file is handed out `partial`
 * (the file was cut); anything else wrong is a TraceFormatError naming the offset.
 */
import { Unpackr } from 'msgpackr';
import { TraceFormatError } from '../errors.js';
import { TWIN_VERSION } from '../version.js';
import { bytesChecksum, frameChecksum } from './checksum.js';
import { END_MAGIC, FRAME_HEADER_BYTES, FRAME_KIND_NAMES, FRAME_MARKER, LIMITS, MAGIC, PREFIX_BYTES, READABLE_VERSIONS,
  TRAILER_BYTES, type FrameKind } from './format.js';
import { Window, type ByteSource } from './source.js';

export interface Frame {
  offset: number;
  kind: number;
  length: number;
  /** Payload (length bytes, fewer when the frame is cut); valid until the next frame is read. */
  payload: Uint8Array;
  partial: boolean;
  next: number;
  /** The stored checksum (format 2: the header frame's is the trace's identity). */
  checksum: number;
}

const plain = new Unpackr({ useRecords: false, mapsAsObjects: true });

export class FrameReader {
  readonly win: Window;
  readonly size: number;
  readonly name: string;
  /** The file's format version (checkPrefix reads it). */
  version = 0;
  /** Format 2: the trace identity every frame after the header is bound to (set once the header is read). */
  trace = 0;

  constructor(source: ByteSource) {
    this.win = new Window(source);
    this.size = source.size;
    this.name = source.name;
  }

  checkPrefix(): void {
    if (this.size === 0) throw this.fail(0, 'a virtio-twin trace, but the file is empty');
    const p = this.win.view(0, PREFIX_BYTES);
    for (let i = 0; i < MAGIC.length && i < p.length; i++) {
      if (p[i] !== MAGIC[i]) throw this.fail(0,
        'not a virtio-twin trace (it does not start with the trace magic "\\x89VTWIN\\r\\n")');
    }
    if (p.length < PREFIX_BYTES) throw this.fail(p.length,
      'the format version after the magic, but the file ends (truncated)');
    const version = new DataView(p.buffer, p.byteOffset, PREFIX_BYTES).getUint32(8, true);
    if (!READABLE_VERSIONS.includes(version)) {
      throw this.fail(8,
        `a known trace format version, got ${version}; the versions that exist are ${READABLE_VERSIONS.join(', ')} ` +
        `(this is virtio-twin ${TWIN_VERSION})`);
    }
    this.version = version;
  }

  /** After an index frame with no valid trailer: the rest must be a cut trailer. */
  checkTrailerPrefix(from: number, indexOffset: number): void {
    const rest = new Uint8Array(this.win.view(from, this.size - from));
    if (rest.length >= TRAILER_BYTES) throw this.fail(from, 'the trailer (16 bytes) after the index, got other bytes');
    const expect = buildTrailer(indexOffset);
    for (let i = 0; i < rest.length; i++) if (rest[i] !== expect[i]) throw this.fail(from + i,
      'the trailer after the index');
  }

  decodePlain(f: Frame): unknown {
    try {
      return plain.unpack(f.payload.subarray(0, f.length));
    } catch (e) {
      throw this.fail(f.offset + FRAME_HEADER_BYTES, `a msgpack ${kindName(f.kind)} (${(e as Error).message})`);
    }
  }

  /**
   * The frame at `at`, checked. 'eof' when `at` is exactly `end`. A frame that runs past the end
   * of the file is returned `partial` (the file was cut) unless `strict`; past `end` inside the
   * file it is corrupt.
   */
  frame(at: number, end: number, strict: boolean, maxLength: number = LIMITS.frameBytes): Frame | 'eof' {
    if (at >= end) return 'eof';
    const h = this.win.view(at, FRAME_HEADER_BYTES);
    if (h.length < FRAME_HEADER_BYTES) {
      if (strict || end < this.size) throw this.fail(at, 'a 12-byte frame header');
      if (h.length > 0 && h[0] !== FRAME_MARKER) throw this.fail(at,
        `a frame header (marker 0x${FRAME_MARKER.toString(16)})`);
      return { offset: at, kind: 0, length: 0, payload: new Uint8Array(0), partial: true, next: this.size,
        checksum: 0 };
    }
    const dv = new DataView(h.buffer, h.byteOffset, FRAME_HEADER_BYTES);
    const headWord = dv.getUint32(0, true);
    const kind = h[1]!;
    if (h[0] !== FRAME_MARKER) throw this.fail(at, `a frame header (marker 0x${FRAME_MARKER.toString(16)})`);
    if (FRAME_KIND_NAMES[kind] === undefined) throw this.fail(at + 1, 'a known frame kind');
    if (h[2] !== 0 || h[3] !== 0) throw this.fail(at + 2, 'zero reserved bytes in the frame header');
    const length = dv.getUint32(4, true);
    const stored = dv.getUint32(8, true);
    if (length > maxLength) throw this.fail(at + 4, `a ${kindName(kind)} frame of at most ${maxLength} bytes`);
    const padded = (length + 3) & ~3;
    const next = at + FRAME_HEADER_BYTES + padded;
    if (next > end) {
      if (strict || end < this.size) throw this.fail(at + 4,
        `a frame that ends by byte ${end}, but its length puts its end at byte ${next}`);
      const payload = this.win.view(at + FRAME_HEADER_BYTES, Math.min(length, this.size - at - FRAME_HEADER_BYTES));
      return { offset: at, kind, length, payload, partial: true, next: this.size, checksum: stored };
    }
    const body = this.win.view(at + FRAME_HEADER_BYTES, padded);
    const bound = this.version >= 2;
    const sum = frameChecksum(headWord, length, body, this.trace, bound ? at : 0);
    if (sum !== stored) {
      throw this.fail(at,
        `a ${kindName(kind)} frame whose checksum matches (stored ${hex32(stored)}, computed ${hex32(sum)}): the ` +
        `trace is corrupt${bound ? ', or this frame was moved within it or copied from another trace' : ''}`);
    }
    return { offset: at, kind, length, payload: body.subarray(0, length), partial: false, next, checksum: stored };
  }

  fail(offset: number, expected: string): TraceFormatError {
    return new TraceFormatError(this.name, offset, expected);
  }
}

export function kindName(kind: number): string {
  return FRAME_KIND_NAMES[kind] ?? `unknown (${kind})`;
}

function hex32(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

/**
 * A whole frame in a new buffer: header, payload, zero padding to 4 bytes, checksummed and bound
 * to the trace identity `trace` and to `at`, its offset in the file (the header frame, which
 * defines the identity, is bound to its offset with trace 0).
 */
export function buildFrame(kind: FrameKind, payload: Uint8Array, trace: number, at: number): Uint8Array {
  const padded = (payload.length + 3) & ~3;
  const frame = new Uint8Array(FRAME_HEADER_BYTES + padded);
  frame.set(payload, FRAME_HEADER_BYTES);
  const view = new DataView(frame.buffer);
  const headWord = FRAME_MARKER | (kind << 8);
  view.setUint32(0, headWord, true);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, frameChecksum(headWord, payload.length, frame.subarray(FRAME_HEADER_BYTES), trace, at), true);
  return frame;
}

/** The 16-byte trailer: index frame offset (u64 LE), checksum, END_MAGIC. */
export function buildTrailer(indexOffset: number): Uint8Array {
  const t = new Uint8Array(TRAILER_BYTES);
  const view = new DataView(t.buffer);
  view.setUint32(0, indexOffset % 0x100000000, true);
  view.setUint32(4, Math.floor(indexOffset / 0x100000000), true);
  t.set(END_MAGIC, 12);
  view.setUint32(8, trailerChecksum(t), true);
  return t;
}

/** Checksum over the offset bytes and the end magic of a trailer. */
export function trailerChecksum(t: Uint8Array): number {
  const covered = new Uint8Array(12);
  covered.set(t.subarray(0, 8));
  covered.set(t.subarray(12, 16), 8);
  return bytesChecksum(covered);
}
