/**
 * Frame checksum: murmur3's 32-bit block mix over little-endian words. Every step is a bijection
 * of the running hash for a fixed word, so any single changed word (hence any changed byte) always
 * changes the result; random damage slips through with probability 2^-32. It runs over whole
 * 32-bit words (frames are padded to 4 bytes), about 4x faster than a byte-wise CRC-32 in JS,
 * which matters because the replay hot loop verifies every frame it reads.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function wordAt(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/**
 * Checksum of a frame: its first two header words (marker/kind/reserved, payload length) and the
 * padded payload. `body.length` must be a multiple of 4. Even and odd words go to two lanes so
 * the CPU overlaps the two multiply chains; each lane is still a bijection per word.
 */
export function frameChecksum(headWord: number, length: number, body: Uint8Array): number {
  let h1 = mix(0x5eed1e55, headWord);
  let h2 = mix(0x2545f491, length);
  const n = body.length >>> 2;
  if (LITTLE_ENDIAN && (body.byteOffset & 3) === 0) {
    const words = new Uint32Array(body.buffer, body.byteOffset, n);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      h1 = mix(h1, words[i]!);
      h2 = mix(h2, words[i + 1]!);
    }
    if (i < n) h1 = mix(h1, words[i]!);
  } else {
    for (let i = 0; i < n; i++) {
      if (i & 1) h2 = mix(h2, wordAt(body, i << 2));
      else h1 = mix(h1, wordAt(body, i << 2));
    }
  }
  return finish(mix(h1, h2), body.length);
}

/** Checksum of a small byte string (the trailer), any length. */
export function bytesChecksum(bytes: Uint8Array): number {
  let h = 0x7a11e6;
  const n = bytes.length >>> 2;
  for (let i = 0; i < n; i++) h = mix(h, wordAt(bytes, i << 2));
  let tail = 0;
  for (let i = n << 2, s = 0; i < bytes.length; i++, s += 8) tail |= bytes[i]! << s;
  if (bytes.length & 3) h = mix(h, tail);
  return finish(h, bytes.length);
}
