/**
 * A fold replay cut into stretches that can run at the same time (tools/replay/parallel.ts runs
 * them on worker threads; docs/performance.md#fold-replay-on-several-threads).
 *
 * Every segment after the first starts at a snapshot of the state after the previous segment.
 * So the stretch of segments from a snapshot on can be folded from that snapshot, by another
 * thread, while this thread folds the stretch before it. The stretches are then joined in order
 * where their state hashes meet: a stretch is taken only if it folded cleanly (no divergence, not
 * cut short) and the state it started from hashes like the state the fold before it ended with.
 * Otherwise this thread folds on from where its own stretch ended, exactly as a one-thread fold
 * would; that is also how a divergence is reported, with the diff a one-thread fold gives. The
 * result is therefore always the one-thread `foldReplay`'s (tested), whatever the snapshots hold.
 */
import type { SegmentEntry } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import { foldFromSnapshot, foldOn, foldResult, foldStart } from './fold.js';
import type { ReplayOptions, ReplayResult } from './replayResult.js';

/** What folding one stretch found, small enough to post from a worker. */
export interface StretchOutcome {
  /** State hash of the snapshot the stretch started from. */
  startHash: string;
  /** State hash where the stretch stopped (null for the last stretch, or when not clean). */
  endHash: string | null;
  /** Seq of the next event after the stretch. */
  next: number;
  goodThrough: number;
  checkpoints: number;
  commands: number;
  /** No divergence and not cut short: the stretch can be joined. */
  clean: boolean;
}

/**
 * Where to cut a trace into `parts` stretches: the segments the second and later stretches start
 * at (each with a snapshot), in order. The first stretch gets `firstWeight` times as many events
 * as each of the others (the others start by reading a snapshot, on a thread that may be
 * colder). Fewer cuts (or none) when the trace has too few snapshots or is not complete (the index
 * says where its segments are).
 */
export function splitPoints(reader: TraceReader, parts: number, firstWeight = 1): SegmentEntry[] {
  const index = reader.index;
  if (index === null || parts < 2) return [];
  const start = reader.header.start.seq;
  const segs = index.segments.filter((s) => s.snapshotOffset >= 0 && s.seq > start);
  const out: SegmentEntry[] = [];
  let k = 0;
  for (let i = 1; i < parts; i++) {
    const want = start + (index.events * (firstWeight + i - 1)) / (firstWeight + parts - 1);
    // The snapshot nearest the ideal cut, after the previous cut.
    while (k + 1 < segs.length && Math.abs(segs[k + 1]!.seq - want) <= Math.abs(segs[k]!.seq - want)) k++;
    const s = segs[k];
    if (s !== undefined && (out.length === 0 || s.seq > out[out.length - 1]!.seq)) out.push(s);
  }
  return out;
}

/** Fold the stretch from `seg` (a split point) to the frame at `until` (the next split's snapshot, or the end). */
export function foldStretch(reader: TraceReader, seg: SegmentEntry, until: number | undefined,
    progress?: (offset: number, size: number) => void): StretchOutcome {
  const c = foldFromSnapshot(reader, seg);
  const startHash = c.hasher.digest(c.state);
  foldOn(reader, c, { from: seg, until, progress });
  const clean = c.found === null && c.scan !== null && !c.scan.truncated;
  return { startHash, endHash: clean && until !== undefined ? c.hasher.digest(c.state) : null, next: c.next,
    goodThrough: c.goodThrough, checkpoints: c.checkpoints, commands: c.commands, clean };
}

/**
 * The fold replay of the whole trace, cut at `splits` (from `splitPoints`): this thread folds the
 * stretch before the first split, then joins the later stretches' outcomes, which `outcome(i)`
 * gives for split i (null: none, e.g. its worker failed).
 */
export function foldSplit(reader: TraceReader, splits: readonly SegmentEntry[],
    outcome: (i: number) => StretchOutcome | null, opts: ReplayOptions = {}): ReplayResult {
  const c = foldStart(reader);
  foldOn(reader, c, { until: splits[0]?.snapshotOffset, progress: opts.progress });
  // No cut, or stopped by a divergence or a cut short: a one-thread fold would have stopped there too.
  if (splits.length === 0 || c.found !== null || c.scan === null || c.scan.truncated) return foldResult(reader, c);
  let hash = c.hasher.digest(c.state);
  let { next, goodThrough, checkpoints, commands } = c;
  for (let i = 0; i < splits.length; i++) {
    const o = outcome(i);
    const last = i + 1 === splits.length;
    if (o === null || !o.clean || o.startHash !== hash || next !== splits[i]!.seq || (o.endHash === null && !last)) {
      // Fold on here, from this thread's own state (whatever later stretches were joined is dropped).
      foldOn(reader, c, { from: splits[0], progress: opts.progress });
      return foldResult(reader, c);
    }
    next = o.next;
    goodThrough = o.goodThrough;
    checkpoints += o.checkpoints;
    commands += o.commands;
    hash = o.endHash ?? hash;
  }
  Object.assign(c, { next, goodThrough, checkpoints, commands });
  return foldResult(reader, c);
}
