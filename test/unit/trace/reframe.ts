/**
 * Rewriting a trace's frames for tests that need a trace no recorder of this build would write:
 * one from a newer twin (another header, event types it does not know), or a format 1 trace.
 * Every frame is re-checksummed, bound to the new identity and offsets (format 2).
 */
import { Packr, Unpackr } from 'msgpackr';
import { frameChecksum } from '../../../src/trace/checksum.js';
import { FRAME_HEADER_BYTES, FrameKind, PREFIX_BYTES } from '../../../src/trace/format.js';
import { buildFrame, buildTrailer } from '../../../src/trace/frames.js';

export interface RawFrame {
  kind: number;
  payload: Uint8Array;
  /** Where splitFrames found it (joinFrames moves the index's offsets along with the frames). */
  offset?: number;
}

/** The frames of a trace (up to and including its index, if it has one), unchecked. */
export function splitFrames(bytes: Uint8Array): RawFrame[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RawFrame[] = [];
  let at = PREFIX_BYTES;
  while (at + FRAME_HEADER_BYTES <= bytes.length) {
    const kind = bytes[at + 1]!;
    const length = dv.getUint32(at + 4, true);
    out.push({ kind, payload: bytes.slice(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length), offset: at });
    at += FRAME_HEADER_BYTES + ((length + 3) & ~3);
    if (kind === FrameKind.Index) break;
  }
  return out;
}

const plain = new Packr({ useRecords: false });
const plainIn = new Unpackr({ useRecords: false, mapsAsObjects: true });

export function decodePlain(payload: Uint8Array): Record<string, unknown> {
  return plainIn.unpack(payload) as Record<string, unknown>;
}

export function encodePlain(v: unknown): Uint8Array {
  return plain.pack(v);
}

/**
 * Reassemble frames into a trace of `version`: 2 binds every frame to the header's identity and
 * its offset, 1 checksums them as format 1 did. The trailer is added when the last frame is an index.
 */
export function joinFrames(frames: readonly RawFrame[], version = 2): Uint8Array {
  const parts: Uint8Array[] = [];
  const prefix = new Uint8Array(PREFIX_BYTES);
  prefix.set([0x89, 0x56, 0x54, 0x57, 0x49, 0x4e, 0x0d, 0x0a]);
  new DataView(prefix.buffer).setUint32(8, version, true);
  parts.push(prefix);
  let at = PREFIX_BYTES;
  let id = 0;
  let indexAt = -1;
  const moved = new Map<number, number>();
  for (const f of frames) {
    if (f.offset !== undefined) moved.set(f.offset, at);
    const payload = f.kind === FrameKind.Index ? moveIndex(f.payload, moved) : f.payload;
    const frame = version >= 2 ? buildFrame(f.kind as FrameKind, payload, id, at) : v1Frame(f.kind, payload);
    if (f.kind === FrameKind.Header && version >= 2) id = new DataView(frame.buffer).getUint32(8, true);
    if (f.kind === FrameKind.Index) indexAt = at;
    parts.push(frame);
    at += frame.length;
  }
  if (indexAt >= 0) parts.push(buildTrailer(indexAt));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The index with its segment offsets moved to where their frames now are (entries or columns, as stored). */
function moveIndex(payload: Uint8Array, moved: Map<number, number>): Uint8Array {
  const move = (o: number) => (o >= 0 ? (moved.get(o) ?? o) : o);
  const index = decodePlain(payload) as {
    segments: { offset: number; snapshotOffset: number }[] | { offset: number[]; snapshotOffset: number[] };
  };
  const segs = index.segments;
  if (Array.isArray(segs)) {
    for (const s of segs) {
      s.offset = move(s.offset);
      s.snapshotOffset = move(s.snapshotOffset);
    }
  } else {
    segs.offset = segs.offset.map(move);
    segs.snapshotOffset = segs.snapshotOffset.map(move);
  }
  return encodePlain(index);
}

function v1Frame(kind: number, payload: Uint8Array): Uint8Array {
  const padded = (payload.length + 3) & ~3;
  const frame = new Uint8Array(FRAME_HEADER_BYTES + padded);
  frame.set(payload, FRAME_HEADER_BYTES);
  const view = new DataView(frame.buffer);
  const headWord = 0xf5 | (kind << 8);
  view.setUint32(0, headWord, true);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, frameChecksum(headWord, payload.length, frame.subarray(FRAME_HEADER_BYTES)), true);
  return frame;
}

/** Replace every occurrence of `from` by `to` (same length) in the bytes. */
export function replaceBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('same length only');
  const a = new TextEncoder().encode(from);
  const b = new TextEncoder().encode(to);
  const out = bytes.slice();
  for (let i = 0; i + a.length <= out.length; i++) {
    let m = true;
    for (let j = 0; j < a.length && m; j++) m = out[i + j] === a[j];
    if (m) out.set(b, i);
  }
  return out;
}
