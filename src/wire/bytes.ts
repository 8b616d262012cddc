/**
 * Little-endian field access that tolerates short buffers: the spec says a device reads missing
 * input as 0 and writes only what fits ("Administration Virtqueues", buffer lengths).
 */

export function readLe(buf: Uint8Array, off: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (off + i < buf.length ? buf[off + i]! : 0);
  return v;
}

/** Writes `size` bytes of `value` little-endian, dropping bytes beyond the buffer's end. */
export function writeLe(buf: Uint8Array, off: number, size: number, value: number): void {
  let v = value;
  for (let i = 0; i < size; i++) {
    if (off + i < buf.length) buf[off + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** A little-endian u64 as a JS number when exact, else null (ids that large are never valid). */
export function readLe64(buf: Uint8Array, off: number): number | null {
  const lo = readLe(buf, off, 4);
  const hi = readLe(buf, off + 4, 4);
  if (hi >= 0x200000) return null;
  return hi * 0x100000000 + lo;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
