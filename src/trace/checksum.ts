/**
 * Frame checksum over little-endian 32-bit words (frames are padded to 4 bytes). Every step is a
 * bijection of the running hash for a fixed word, so any single changed word (hence any changed
 * byte) always changes the result; random damage slips through with probability about 2^-32.
 * Word-wise and four lanes wide it is several times faster than a byte-wise CRC-32 in JS, which
 * matters because replay verifies every frame it reads.
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

/** One lane step: xor the word in, multiply by an odd constant, rotate. A bijection of `w`. */
function step(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x9e3779b1);
  return (h << 15) | (h >>> 17);
}

/**
 * Checksum of a frame: its first two header words (marker/kind/reserved, payload length) and the
 * padded payload. `body.length` must be a multiple of 4. Words go round-robin to four lanes so
 * the multiplies overlap; each lane step is a bijection of its word, so one changed word always
 * changes its lane, and the final mix (murmur3's) spreads every lane over the result.
 *
 * Format 2 binds a frame to its trace and position: `trace` (the trace's identity, the header
 * frame's checksum) and `at` (the frame's byte offset) seed the lanes, so a frame copied from
 * another trace, or moved within its own (duplicated, or shifted by a deleted frame), fails its
 * check. Format 1 frames are checksummed with both 0, which is what format 1 computed.
 */
export function frameChecksum(headWord: number, length: number, body: Uint8Array, trace = 0, at = 0): number {
  let a = step(0x5eed1e55 ^ trace, headWord);
  let b = step(0x2545f491 ^ (at >>> 0), length);
  let c = 0x3c6ef372 ^ Math.floor(at / 0x100000000);
  let d = 0x6a09e667;
  const n = body.length >>> 2;
  let i = 0;
  if (LITTLE_ENDIAN && (body.byteOffset & 3) === 0) {
    const words = new Uint32Array(body.buffer, body.byteOffset, n);
    for (; i + 3 < n; i += 4) {
      a = step(a, words[i]!);
      b = step(b, words[i + 1]!);
      c = step(c, words[i + 2]!);
      d = step(d, words[i + 3]!);
    }
    for (; i < n; i++) a = step(a, words[i]!);
  } else {
    for (; i + 3 < n; i += 4) {
      a = step(a, wordAt(body, i << 2));
      b = step(b, wordAt(body, (i + 1) << 2));
      c = step(c, wordAt(body, (i + 2) << 2));
      d = step(d, wordAt(body, (i + 3) << 2));
    }
    for (; i < n; i++) a = step(a, wordAt(body, i << 2));
  }
  return finish(mix(mix(mix(a, b), c), d), body.length);
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

// Run every path of the two checksums once at load, on a few bytes. The first frame a process
// checksums is often large: V8 then compiles the word loop on the stack while the code after it
// (mix, finish) has never run, so that code is compiled without type feedback and deoptimises on
// reaching it; V8 kept re-entering the same on-stack code, and one run of the bench's interrupts
// section deoptimised there 352 times, the fold taking ~40% longer than in other runs.
{
  const probe = new Uint8Array(24);
  frameChecksum(1, 16, probe.subarray(0, 16), 0xffffffff, 2 ** 32 + 4);
  frameChecksum(1, 16, probe.subarray(1, 17), 0xffffffff, 2 ** 32 + 4);
  bytesChecksum(probe.subarray(0, 7));
}
