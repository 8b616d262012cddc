/**
 * Every replay divergence comes from one constructor, and what users see of it (`vtwin replay
 * --json`) has one shape whatever the kind: the kind steers the code, never the output.
 */
import { describe, expect, it } from 'vitest';
import { diverged } from '../../../src/analysis/divergence.js';
import type { Event } from '../../../src/domain/events.js';

const recorded = { type: 'aq/started', q: 0, cid: 1, seq: 9, tick: 3, cause: 2 } as Event;
const replayed = { ...recorded, cid: 2 } as Event;

describe('a replay divergence', () => {
  it('without events: a one-seq range and no diff, keys in the documented order', () => {
    const f = diverged('command-failed', 9, 'boom');
    expect(f.kind).toBe('command-failed');
    expect(JSON.stringify(f.divergence)).toBe(
      '{"seq":9,"reason":"boom","range":[9,9],"diffOf":"none","diff":{"entries":[],"total":0}}');
  });

  it('with events: the diff of recorded against replayed, and both events', () => {
    const f = diverged('event-differs', 9, 'differs', { events: { recorded, replayed } });
    expect(Object.keys(f.divergence)).toEqual(['seq', 'reason', 'range', 'diffOf', 'diff', 'recorded', 'replayed']);
    expect(f.divergence.diffOf).toBe('event');
    expect(f.divergence.diff.entries).toEqual([{ path: 'cid', kind: 'changed', a: 1, b: 2 }]);
  });

  it('an event only one side has is diffed against nothing, and the JSON leaves the other out', () => {
    const f = diverged('event-extra', 9, 'extra', { events: { recorded: undefined, replayed } });
    expect(f.divergence.diff.total).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(f.divergence))).not.toHaveProperty('recorded');
  });

  it('a fold window keeps its range', () => {
    expect(diverged('state-hash', 127, 'hash', { range: [64, 127] }).divergence.range).toEqual([64, 127]);
  });
});
