import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/util/hex.js';

describe('toHex', () => {
  const bytes = Uint8Array.of(0x00, 0x0f, 0xa0, 0xff, 0x42);

  it('writes every byte as two lower-case digits, and round-trips through fromHex', () => {
    expect(toHex(bytes)).toBe('000fa0ff42');
    expect(fromHex(toHex(bytes))).toEqual(bytes);
  });

  it('a range gives what the same range of a subarray gives, clamped to the array', () => {
    for (const [start, end] of [[1, 3], [0, 5], [2, 9], [-1, 2], [4, 4], [3, 1]] as const) {
      expect(toHex(bytes, start, end)).toBe(toHex(bytes.subarray(Math.max(0, start), Math.max(0, end))));
    }
  });
});
