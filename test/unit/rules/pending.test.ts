/**
 * What rules note per admin command until it completes (src/rules/pending.ts): kept in cid order
 * whatever the order noted (so two runs noting the same commands hold the same memory, as
 * exploration compares it), a cid noted twice keeps the last value, and taking forgets it.
 */
import { describe, expect, it } from 'vitest';
import { note, take, type Pending } from '../../../src/rules/pending.js';

describe('pending notes by cid', () => {
  it('keeps cid order whatever the order noted, and a second note for a cid replaces the first', () => {
    const a: Pending<string> = [];
    const b: Pending<string> = [];
    for (const [cid, v] of [[7, 'x'], [3, 'y'], [5, 'z']] as const) note(a, cid, v);
    for (const [cid, v] of [[5, 'z'], [7, 'w'], [3, 'y'], [7, 'x']] as const) note(b, cid, v);
    expect(a).toEqual([[3, 'y'], [5, 'z'], [7, 'x']]);
    expect(b).toEqual(a);
  });

  it('take returns what was noted for the cid and forgets it; undefined for a cid never noted', () => {
    const p: Pending<number> = [];
    note(p, 10, 0);
    note(p, 11, -1);
    expect(take(p, 12)).toBeUndefined();
    expect(take(p, 10)).toBe(0);
    expect(take(p, 10)).toBeUndefined();
    expect(p).toEqual([[11, -1]]);
  });
});
