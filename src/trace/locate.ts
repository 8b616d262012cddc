/**
 * Finding a trace's segments: through the index a complete file ends with (trailer → index
 * frame), or, in a file cut before its index, by walking frame headers and decoding only each
 * segment's first record. Split from reader.ts, which owns the record loop.
 */
import { END_MAGIC, FRAME_HEADER_BYTES, FrameKind, LIMITS, TRAILER_BYTES, type SegmentEntry } from './format.js';
import { trailerChecksum, type Frame, type FrameReader } from './frames.js';
import { BadRecordAt, SegmentDecoder } from './segment.js';

/** Run a decode of frame `f`, turning a bad record into a TraceFormatError at its offset. */
export function decodeFrame(fr: FrameReader, f: Frame, decode: () => number): number {
  try {
    return decode();
  } catch (e) {
    if (e instanceof BadRecordAt) throw fr.fail(f.offset + FRAME_HEADER_BYTES + e.position, e.expected);
    throw e;
  }
}

/**
 * The index frame's offset and undecoded-to-shape value, or null when the file is not complete
 * (no trailer, or one whose magic or checksum is wrong: a cut file, read by walking instead).
 * A trailer that checks out but points outside the file is damage, not a cut: an error.
 */
export function readIndex(fr: FrameReader, dataStart: number, size: number): { offset: number; raw: unknown } | null {
  if (size < dataStart + TRAILER_BYTES) return null;
  const t = new Uint8Array(fr.win.view(size - TRAILER_BYTES, TRAILER_BYTES));
  for (let i = 0; i < 4; i++) if (t[12 + i] !== END_MAGIC[i]) return null;
  const view = new DataView(t.buffer);
  if (view.getUint32(8, true) !== trailerChecksum(t)) return null;
  const offset = view.getUint32(0, true) + view.getUint32(4, true) * 0x100000000;
  if (offset < dataStart || offset > size - TRAILER_BYTES - FRAME_HEADER_BYTES) {
    throw fr.fail(size - TRAILER_BYTES, 'a trailer pointing at an index frame inside the file');
  }
  const f = fr.frame(offset, size - TRAILER_BYTES, true, LIMITS.indexBytes);
  if (f === 'eof' || f.partial || f.kind !== FrameKind.Index || f.next !== size - TRAILER_BYTES) {
    throw fr.fail(offset, 'the index frame the trailer points at');
  }
  return { offset, raw: fr.decodePlain(f) };
}

/** Segments of a file without an index, in order, up to the first cut or damaged frame. */
export function scanSegments(fr: FrameReader, dataStart: number, dataEnd: number): SegmentEntry[] {
  const out: SegmentEntry[] = [];
  let at = dataStart;
  let snapshotOffset = -1;
  let start = -1;
  for (;;) {
    const f = fr.frame(at, dataEnd, false);
    if (f === 'eof' || f.partial || f.kind === FrameKind.Index) return out;
    if (f.kind === FrameKind.Snapshot) {
      snapshotOffset = at;
      start = -1;
    } else if (f.kind === FrameKind.CommandSegment && start < 0) {
      start = at;
    } else if (f.kind === FrameKind.Segment) {
      let entry: SegmentEntry | null = null;
      const offset = start >= 0 ? start : at;
      const so = snapshotOffset;
      const d = new SegmentDecoder({ segment: (seq, command, tick) => void (entry =
        { offset, snapshotOffset: so, seq, command, tick }), body: () => true });
      decodeFrame(fr, f, () => d.decode(f.payload, false));
      if (!entry) throw fr.fail(at + FRAME_HEADER_BYTES, 'a segment-start record');
      out.push(entry);
      snapshotOffset = -1;
      start = -1;
    }
    at = f.next;
  }
}
