/**
 * Bit words: a per-entry flag (MSI-X mask bit, PBA bit, host IRQ requested) for N entries packed
 * 32 to a word, bit k of word w = entry 32w + k, stored unsigned. 4096 VFs x 64 vectors then cost
 * 2 words per flag per VF instead of 64 objects, and a scan for "pending and unmasked" touches
 * N/32 words. The PCI PBA uses the same packing (in QWORDs).
 */

export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

/** Words for n entries with every entry's bit set to `on` (bits past n stay 0). */
export function filledWords(n: number, on: boolean): number[] {
  const w: number[] = new Array(wordsFor(n)).fill(0);
  if (!on) return w;
  for (let i = 0; i < w.length; i++) {
    const bits = Math.min(32, n - 32 * i);
    w[i] = bits === 32 ? 0xffffffff : ((1 << bits) - 1) >>> 0;
  }
  return w;
}

export function testBit(w: readonly number[], i: number): boolean {
  return (((w[i >>> 5] ?? 0) >>> (i & 31)) & 1) === 1;
}

export function setBit(w: number[], i: number): void {
  w[i >>> 5] = ((w[i >>> 5] ?? 0) | (1 << (i & 31))) >>> 0;
}

export function clearBit(w: number[], i: number): void {
  w[i >>> 5] = ((w[i >>> 5] ?? 0) & ~(1 << (i & 31))) >>> 0;
}

export function writeBit(w: number[], i: number, on: boolean): void {
  if (on) setBit(w, i);
  else clearBit(w, i);
}

export function popcount32(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function countBits(w: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) n += popcount32(w[i]!);
  return n;
}

/**
 * Entries whose bit is set in `a` and clear in `notB` (when given), ascending, below n.
 * E.g. pending-and-unmasked = setEntries(pba, n, mask). Cost: one step per word plus one per hit.
 */
export function setEntries(a: readonly number[], n: number, notB?: readonly number[]): number[] {
  const out: number[] = [];
  for (let wi = 0; wi < a.length; wi++) {
    let x = (a[wi]! & ~(notB ? (notB[wi] ?? 0) : 0)) >>> 0;
    while (x !== 0) {
      const bit = 31 - Math.clz32(x & -x);
      const i = 32 * wi + bit;
      if (i < n) out.push(i);
      x = (x & ~(1 << bit)) >>> 0;
    }
  }
  return out;
}
