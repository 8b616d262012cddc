/**
 * Fold replay (README "Replay modes"): re-apply the recorded events with the recipes on a plain
 * working copy (no immer, no rules) and recompute the state hash at every checkpoint. A mismatch
 * means the recipes changed (reducer drift). Fold cannot see further than its checkpoints: it
 * reports the first checkpoint whose hash differs and the window of events the drift lies in, plus
 * a structural diff against the next recorded snapshot when there is one.
 *
 * A fold is a `FoldCursor` moved along the trace by `foldOn`, one stretch of segments at a time.
 * `foldReplay` moves one cursor from the first segment to the end. Since every segment after the
 * first starts at a snapshot, a stretch can also be folded by a cursor that starts from the
 * snapshot (`foldFromSnapshot`): tools/replay/parallel.ts folds the stretches of a long trace on
 * several threads that way and joins them where their state hashes meet.
 */
import type { EventBody } from '../domain/events.js';
import { evolve, recipeFor } from '../domain/evolve.js';
import type { Recipe } from '../domain/decider.js';
import type { TwinState } from '../domain/state.js';
import { changesWhen } from '../domain/slices.js';
import { stateView } from '../domain/view.js';
import { hashMask, StateHasher } from '../engine/hash.js';
import type { SegmentEntry } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import type { ScanResult } from '../trace/scan.js';
import { diffValues } from './diff.js';
import { diverged, type Divergence, type Found } from './divergence.js';
import type { ReplayOptions, ReplayResult } from './replayResult.js';
import { segmentState, startState } from './start.js';

/** Where a fold stands. */
export interface FoldCursor {
  state: TwinState;
  hasher: StateHasher;
  /** Seq of the next event to apply. */
  next: number;
  /** The last seq a matching checkpoint vouches for. */
  goodThrough: number;
  /** Checkpoint hashes compared and equal. */
  checkpoints: number;
  /** Commands passed (markers of the event stream). */
  commands: number;
  found: Found | null;
  /** The last stretch's scan (whether it was cut short, and where). */
  scan: ScanResult | null;
}

/** A cursor before the trace's first event. */
export function foldStart(reader: TraceReader): FoldCursor {
  return cursor(startState(reader), reader.header.start.seq);
}

/** A cursor before the first event of `seg` (a segment after the first), from its snapshot. */
export function foldFromSnapshot(reader: TraceReader, seg: SegmentEntry): FoldCursor {
  return cursor(segmentState(reader, seg), seg.seq);
}

function cursor(state: TwinState, next: number): FoldCursor {
  return { state, hasher: new StateHasher(), next, goodThrough: next - 1, checkpoints: 0, commands: 0, found: null,
    scan: null };
}

export interface Stretch {
  /** Start at this segment (the cursor must stand before its first event); default: the first. */
  from?: SegmentEntry;
  /** Stop before the frame at this offset (a snapshot frame: the end of a stretch of segments). */
  until?: number;
  progress?(offset: number, size: number): void;
}

/** Fold the events of a stretch of segments into `c`; stops at the first divergence. */
export function foldOn(reader: TraceReader, c: FoldCursor, stretch: Stretch = {}): void {
  if (c.found !== null) return;
  const { state, hasher } = c;
  let next = c.next;
  let goodThrough = c.goodThrough;
  let found: Found | null = null;
  const stop = (f: Found): true => {
    found = f;
    return true;
  };
  // Per type id of the segment: its recipe and hash mask, looked up once per type, not per event.
  // Events come with `type` left as that id (see `type` below), unless they spell it out (-1).
  let types: TypeInfo[] = [];
  const unknownType = (seq: number, type: string): Found =>
    diverged('unknown-event-type', seq, `event type ${JSON.stringify(type)} is unknown to this twin (the trace ` +
      `was recorded by twin ${reader.header.twinVersion})`);
  const recipeFailed = (seq: number, type: string, err: unknown, good: number): Found =>
    diverged('recipe-failed', seq,
      `event seq ${seq} (${type}) cannot be applied to the folded state (${(err as Error)?.message}); it comes ` +
      `from the records frame at byte ${reader.position}: the trace is damaged (a frame lost or repeated?), or ` +
      'the recipes changed', { range: [good + 1, seq] });
  const scan = reader.scan(
    {
      segment() {
        types = [];
      },
      type(typeId, type) {
        types[typeId] = typeInfo(type);
      },
      // Kept small (the failures are functions apart) so that the decoder can inline it.
      body(e, seq, typeId, hasFn) {
        if (found !== null || seq !== next) return found !== null || stop(gap(seq, next));
        const t = typeId >= 0 ? types[typeId]! : typeInfo(e.type);
        const recipe = t.recipe;
        if (recipe === undefined) return stop(unknownType(seq, t.name));
        try {
          recipe(state, e);
        } catch (err) {
          return stop(recipeFailed(seq, t.name, err, goodThrough));
        }
        if (hasFn) hasher.noteFn((e as { fn: number }).fn, t.when === undefined || t.when(e) ? t.mask : 0);
        next++;
      },
      checkpoint(seq, hash) {
        if (found) return;
        const got = hasher.digest(state);
        const range: [number, number] = [goodThrough + 1, seq];
        if (seq !== next - 1) {
          found = diverged('checkpoint-misplaced', seq, `checkpoint for seq ${seq} after event ${next - 1}`, { range });
          return;
        }
        if (got !== hash) {
          found = diverged('state-hash', seq, `state hash after seq ${seq} is ${got}, recorded ${hash}`, { range });
          return;
        }
        c.checkpoints++;
        goodThrough = seq;
      },
    },
    { from: stretch.from, until: stretch.until, progress: stretch.progress },
  );
  c.next = next;
  c.goodThrough = goodThrough;
  c.commands += scan.commands;
  c.found = found;
  c.scan = scan;
}

/** The replay result of a cursor that has folded the whole trace (or stopped at a divergence). */
export function foldResult(reader: TraceReader, c: FoldCursor): ReplayResult {
  const start = reader.header.start.seq;
  const scan = c.scan;
  const res: ReplayResult = { mode: 'fold', ok: true, events: c.next - start, commands: c.commands,
    checkpoints: c.checkpoints, lastSeq: c.next - 1, truncated: scan?.truncated ?? false,
    truncatedAt: scan?.truncatedAt ?? null, truncatedReason: scan?.reason ?? null, divergence: null };
  const f = c.found;
  if (f !== null) {
    if (f.kind === 'state-hash') diffWithSnapshot(reader, f.divergence, c.state, c.next - 1);
    res.ok = false;
    res.divergence = f.divergence;
  }
  return res;
}

export function foldReplay(reader: TraceReader, opts: ReplayOptions = {}): ReplayResult {
  const c = foldStart(reader);
  foldOn(reader, c, { progress: opts.progress });
  return foldResult(reader, c);
}

/**
 * What fold needs per event type: its recipe (undefined: a type this twin does not know) and what
 * it may change (src/engine/hash.ts). Recipes never read the event's type (tested), so fold hands
 * them events whose `type` is still the trace's id for it.
 */
interface TypeInfo {
  name: string;
  recipe: Recipe | undefined;
  mask: number;
  when: ((e: EventBody) => boolean) | undefined;
}

function typeInfo(name: string): TypeInfo {
  return { name, recipe: recipeFor(name), mask: hashMask(name), when: changesWhen(name) };
}

function gap(got: number, want: number): Found {
  return diverged('seq-gap', want, `recorded event seq ${got} where ${want} was expected (seq must be dense)`);
}

/**
 * After a hash mismatch at a checkpoint: fold on to the next recorded snapshot and diff the folded
 * state against it (the recorded state at that point).
 */
function diffWithSnapshot(reader: TraceReader, div: Divergence, state: TwinState, at: number): void {
  const seg = reader.segments().find((s) => s.snapshotOffset >= 0 && s.seq - 1 >= at);
  if (!seg) return;
  const target = seg.seq - 1;
  if (target > at) {
    reader.scan(
      {
        event(e) {
          if (e.seq <= at) return;
          evolve(state, e);
          return e.seq >= target;
        },
      },
      { from: reader.segmentFor(at) },
    );
  }
  div.diff = diffValues(stateView(segmentState(reader, seg)), stateView(state));
  div.diffOf = 'state';
  div.reason += `; the diff compares the recorded snapshot after seq ${target} with the folded state`;
}
