import { describe, expect, it } from 'vitest';
import { clearBit, countBits, filledWords, setBit, setEntries, testBit,
  wordsFor } from '../../../../src/domain/msix/bits.js';

describe('bit words (packed mask / PBA bits)', () => {
  it('fills exactly n bits, leaving the bits past n clear', () => {
    expect(wordsFor(64)).toBe(2);
    expect(wordsFor(65)).toBe(3);
    expect(filledWords(33, true)).toEqual([0xffffffff, 1]);
    expect(filledWords(64, true)).toEqual([0xffffffff, 0xffffffff]);
    expect(filledWords(5, false)).toEqual([0]);
    expect(filledWords(0, true)).toEqual([]);
  });

  it('sets, clears and tests single bits across word boundaries, keeping words unsigned', () => {
    const w = filledWords(64, false);
    setBit(w, 31);
    setBit(w, 32);
    expect(w).toEqual([0x80000000, 1]);
    expect(testBit(w, 31) && testBit(w, 32) && !testBit(w, 30)).toBe(true);
    clearBit(w, 31);
    expect(w[0]).toBe(0);
    expect(testBit([], 5)).toBe(false);
  });

  it('lists set-and-not-masked entries ascending, below n', () => {
    const pba = [0b1011, 0x80000000];
    const mask = [0b0010, 0];
    expect(setEntries(pba, 64, mask)).toEqual([0, 3, 63]);
    expect(setEntries(pba, 40, mask)).toEqual([0, 3]);
    expect(countBits([0xffffffff, 0b101])).toBe(34);
  });
});
