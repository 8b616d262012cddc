/** The structural diff (replay, `vtwin diff`) and state paths (`state --path`, `blame`). */
import { describe, expect, it } from 'vitest';
import { deepEqual, diffValues, formatDiff } from '../../../src/analysis/diff.js';
import { formatPath, getPath, parsePath } from '../../../src/analysis/path.js';
import { hashValue } from '../../../src/engine/hash.js';

describe('diffValues', () => {
  it('lists changed, added and removed leaves by path, object keys in order', () => {
    const a = { aq: { queues: [{ pending: [1, 2], busy: -1 }],
      commands: { 2: { phase: 'submitted' }, 10: { phase: 'completed' } } }, x: 1 };
    const b = { aq: { queues: [{ pending: [1], busy: 2 }], commands: { 2: { phase: 'processing' } } }, y: 'new' };
    expect(diffValues(a, b).entries).toEqual([
      { path: 'aq.commands.2.phase', kind: 'changed', a: 'submitted', b: 'processing' },
      { path: 'aq.commands.10', kind: 'removed', a: { phase: 'completed' } },
      { path: 'aq.queues[0].busy', kind: 'changed', a: -1, b: 2 },
      { path: 'aq.queues[0].pending[1]', kind: 'removed', a: 2 },
      { path: 'x', kind: 'removed', a: 1 },
      { path: 'y', kind: 'added', b: 'new' },
    ]);
  });

  it('agrees with the state hash: key order and undefined-vs-absent are not differences', () => {
    const a = { p: 1, q: undefined, r: [1, { s: 2 }] };
    const b = { r: [1, { s: 2 }], p: 1 };
    expect(deepEqual(a, b)).toBe(true);
    expect(diffValues(a, b).total).toBe(0);
    expect(hashValue(a)).toBe(hashValue(b));
  });

  it('stops listing at the limit but counts everything', () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    const b = a.map((x) => x + 1);
    const d = diffValues(a, b, 10);
    expect(d.entries).toHaveLength(10);
    expect(d.total).toBe(100);
    expect(formatDiff(d).at(-1)).toBe('  ... and 90 more');
  });
});

describe('state paths', () => {
  const state = { fns: [{ msix: { entries: [{ masked: true }] } }], aq: { commands: { 12: { tag: 'w1' } } },
    'odd key': 1 };

  it('accept dots and brackets, indexes and quoted keys', () => {
    expect(parsePath('fns[0].msix.entries.0.masked')).toEqual(['fns', 0, 'msix', 'entries', 0, 'masked']);
    expect(getPath(state, parsePath('fns.0.msix.entries[0].masked'))).toBe(true);
    expect(getPath(state, parsePath('aq.commands.12.tag'))).toBe('w1');
    expect(getPath(state, parsePath('["odd key"]'))).toBe(1);
    expect(formatPath(['fns', 3, 'msix', 'odd key', '12'])).toBe('fns[3].msix["odd key"].12');
  });

  it('say what exists where a path goes wrong', () => {
    expect(() => getPath(state, parsePath('aq.comands'))).toThrow(
      'no "comands" under aq in the state; expected one of commands');
    expect(() => getPath(state, parsePath('fns[5]'))).toThrow('no "5" under fns in the state; expected an index 0..0');
    expect(() => parsePath('fns[x')).toThrow(/bad state path "fns\[x": a closing "\]"/);
  });
});
