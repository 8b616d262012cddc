/** Building frames and the trailer (layouts in src/trace/format.ts); shared by writer and reader. */
import { bytesChecksum, frameChecksum } from './checksum.js';
import { END_MAGIC, FRAME_HEADER_BYTES, FRAME_MARKER, TRAILER_BYTES, type FrameKind } from './format.js';

/** A whole frame in a new buffer: header, payload, zero padding to 4 bytes, checksummed. */
export function buildFrame(kind: FrameKind, payload: Uint8Array): Uint8Array {
  const padded = (payload.length + 3) & ~3;
  const frame = new Uint8Array(FRAME_HEADER_BYTES + padded);
  frame.set(payload, FRAME_HEADER_BYTES);
  const view = new DataView(frame.buffer);
  const headWord = FRAME_MARKER | (kind << 8);
  view.setUint32(0, headWord, true);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, frameChecksum(headWord, payload.length, frame.subarray(FRAME_HEADER_BYTES)), true);
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
