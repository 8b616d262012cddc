/**
 * A fold replay cut at snapshots into stretches folded apart and joined where their state hashes
 * meet (src/analysis/foldSplit.ts). Here the later stretches are folded on this thread, one reader
 * each as a worker would; tools/replay/parallel.ts runs them on workers (test/e2e/replay-parallel).
 * Whatever the stretches hold, the result is the one-thread fold's.
 */
import { describe, expect, it } from 'vitest';
import { foldReplay } from '../../../src/analysis/fold.js';
import { foldSplit, foldStretch, splitPoints, type StretchOutcome } from '../../../src/analysis/foldSplit.js';
import type { Event } from '../../../src/domain/events.js';
import type { TwinState } from '../../../src/domain/state.js';
import type { SegmentEntry } from '../../../src/trace/format.js';
import type { Recorder } from '../../../src/trace/writer.js';
import type { EngineObserver } from '../../../src/engine/engine.js';
import { open, workload } from '../trace/helpers.js';

const trace = { checkpointEvery: 64, snapshotEvery: 400, snapshotSizeRatio: 0 };
const clean = workload(6000, { trace });

/** Each later stretch folded from its snapshot by a reader of its own. */
function stretches(bytes: Uint8Array, splits: readonly SegmentEntry[]): StretchOutcome[] {
  return splits.map((s, i) => foldStretch(open(bytes), s, splits[i + 1]?.snapshotOffset));
}

/** foldSplit with the given outcomes; `furthest`: the last offset this thread's own scans reached. */
function split(bytes: Uint8Array, splits: readonly SegmentEntry[], outcomes: (StretchOutcome | null)[]) {
  let furthest = 0;
  const result = foldSplit(open(bytes), splits, (i) => outcomes[i]!, {
    progress: (offset) => void (furthest = Math.max(furthest, offset)) });
  return { result, furthest };
}

function tamperEvent(seq: number, change: (e: Event) => Event): (rec: Recorder) => EngineObserver {
  return (rec) => ({
    onCommand: (i, t, c) => rec.onCommand(i, t, c),
    onEvent: (e, s) => rec.onEvent(e.seq === seq ? change(structuredClone(e)) : e, s),
  });
}

describe('cutting a trace at snapshots', () => {
  it('cuts only where a snapshot starts a segment, in order, about evenly by events', () => {
    const reader = open(clean.bytes);
    const snapshots = reader.segments().filter((s) => s.snapshotOffset >= 0);
    for (const parts of [2, 3, 4]) {
      const cuts = splitPoints(reader, parts);
      expect(cuts).toHaveLength(parts - 1);
      for (const c of cuts) expect(snapshots).toContainEqual(c);
      for (let i = 1; i < cuts.length; i++) expect(cuts[i]!.seq).toBeGreaterThan(cuts[i - 1]!.seq);
      // Within one segment (400 events or a little more) of the ideal cut.
      cuts.forEach((c, i) => expect(Math.abs(c.seq - (clean.events.length * (i + 1)) / parts)).toBeLessThan(450));
    }
  });

  it('gives the first stretch firstWeight times the events of the others', () => {
    const [cut] = splitPoints(open(clean.bytes), 2, 2);
    expect(Math.abs(cut!.seq - (clean.events.length * 2) / 3)).toBeLessThan(450);
  });

  it('does not cut a trace without index (its segments are not known ahead) or into one part', () => {
    const unfinished = workload(3000, { trace, unfinished: true });
    expect(splitPoints(open(unfinished.bytes), 2)).toEqual([]);
    expect(splitPoints(open(clean.bytes), 1)).toEqual([]);
  });
});

describe('joining the stretches', () => {
  it('gives the one-thread result, this thread reading nothing past the first cut', () => {
    const whole = foldReplay(open(clean.bytes));
    expect(whole.ok).toBe(true);
    for (const parts of [2, 3, 4]) {
      const splits = splitPoints(open(clean.bytes), parts);
      const outcomes = stretches(clean.bytes, splits);
      for (const o of outcomes) expect(o.clean).toBe(true);
      const { result, furthest } = split(clean.bytes, splits, outcomes);
      expect(result).toEqual(whole);
      expect(furthest).toBeLessThan(splits[0]!.snapshotOffset);
    }
  });

  it('a stretch that diverged is folded again here: the divergence and its diff are the one-thread fold\'s', () => {
    const splits = splitPoints(open(clean.bytes), 3);
    // A reap that reaps nothing: the commands stay in flight in the folded state from there on.
    const reap = clean.events.find((e) => e.seq > splits[1]!.seq + 50 && e.type === 'aq/reaped')!;
    const bad = workload(6000, { trace, tamper: tamperEvent(reap.seq, (e) => ({ ...e, cids: [] }) as Event) });
    const whole = foldReplay(open(bad.bytes));
    expect(whole.ok).toBe(false);
    expect(whole.divergence!.seq).toBeGreaterThanOrEqual(reap.seq);
    expect(whole.divergence!.diffOf).toBe('state');
    // Cut where the clean trace was: same seqs, but the files differ from the tampered event on.
    const cuts = splitPoints(open(bad.bytes), 3);
    expect(cuts.map((c) => c.seq)).toEqual(splits.map((c) => c.seq));
    const outcomes = stretches(bad.bytes, cuts);
    expect(outcomes.map((o) => o.clean)).toEqual([true, false]);
    const { result, furthest } = split(bad.bytes, cuts, outcomes);
    expect(result).toEqual(whole);
    expect(furthest).toBeGreaterThan(cuts[1]!.offset);
  });

  it('a gap in the seqs of a later stretch is reported where the one-thread fold reports it', () => {
    const splits = splitPoints(open(clean.bytes), 2);
    const lost = splits[0]!.seq + 100;
    const gap = workload(6000, { trace, tamper: (rec) => ({
      onCommand: (i, t, c) => rec.onCommand(i, t, c),
      onEvent: (e, s) => void (e.seq === lost ? undefined : rec.onEvent(e, s)),
    }) });
    const whole = foldReplay(open(gap.bytes));
    expect(whole.divergence!.reason).toMatch(new RegExp(`recorded event seq ${lost + 1} where ${lost} was expected`));
    const cuts = splitPoints(open(gap.bytes), 2);
    expect(cuts[0]!.seq).toBe(splits[0]!.seq);
    const outcomes = stretches(gap.bytes, cuts);
    expect(outcomes[0]!.clean).toBe(false);
    expect(split(gap.bytes, cuts, outcomes).result).toEqual(whole);
  });

  it('a worker that gave no outcome, or a dirty one, or one from another state: this thread folds on', () => {
    const whole = foldReplay(open(clean.bytes));
    const splits = splitPoints(open(clean.bytes), 3);
    const good = stretches(clean.bytes, splits);
    const cases: (StretchOutcome | null)[][] = [
      [null, good[1]!],
      [good[0]!, null],
      [{ ...good[0]!, clean: false }, good[1]!],
      [{ ...good[0]!, startHash: '0123456789abcdef' }, good[1]!],
      [good[0]!, { ...good[1]!, startHash: '0123456789abcdef' }],
      // Wrong counts that would show if they were joined.
      [{ ...good[0]!, startHash: 'x', checkpoints: 999, next: 1 }, good[1]!],
    ];
    for (const outcomes of cases) {
      const { result, furthest } = split(clean.bytes, splits, outcomes);
      expect(result).toEqual(whole);
      expect(furthest).toBeGreaterThan(splits[0]!.offset);
    }
  });
});

describe('a snapshot that does not hold the folded state', () => {
  // The state the recorder snapshots after `seq` has VF 4's ISR changed; the recorder's checkpoint
  // hashes and the events are untouched, so a one-thread fold replays cleanly past it.
  const splits = splitPoints(open(clean.bytes), 2);
  const seq = splits[0]!.seq - 1;
  const tampered = workload(6000, { trace, tamper: (rec) => ({
    onCommand: (i, t, c) => rec.onCommand(i, t, c),
    onEvent: (e, s) => {
      if (e.seq !== seq) return rec.onEvent(e, s);
      const wrong = structuredClone(s) as TwinState;
      wrong.fns[4]!.msix.isr ^= 3;
      rec.onEvent(e, wrong);
    },
  }) });

  it('starts a stretch whose hash does not meet the fold before it, which is then folded here', () => {
    expect(seq % 64).not.toBe(63); // not a checkpoint: the recorded hashes stay those of the real state
    const whole = foldReplay(open(tampered.bytes));
    expect(whole.ok).toBe(true);
    const cuts = splitPoints(open(tampered.bytes), 2);
    expect(cuts[0]!.seq).toBe(splits[0]!.seq);
    const out = stretches(tampered.bytes, cuts);
    const honest = stretches(clean.bytes, splits);
    // The stretch starts from the wrong state (its first checkpoint then disagrees too).
    expect(out[0]!.startHash).not.toBe(honest[0]!.startHash);
    // Had it folded cleanly, the join would still refuse it: its start meets no fold.
    expect(split(tampered.bytes, cuts, [{ ...out[0]!, clean: true }]).result).toEqual(whole);
    const { result, furthest } = split(tampered.bytes, cuts, out);
    expect(result).toEqual(whole);
    expect(furthest).toBeGreaterThan(cuts[0]!.offset);
  });
});
