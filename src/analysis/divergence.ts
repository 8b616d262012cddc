/**
 * A replay divergence: the first point where a trace and this twin disagree (./replay.ts finds
 * it). Every divergence is made by `diverged`.
 */
import type { Event } from '../domain/events.js';
import { diffValues, type DiffResult } from './diff.js';

export interface Divergence {
  /** The first divergent seq (fold: the checkpoint where the hash first differed). */
  seq: number;
  reason: string;
  /** fold: the events the divergence lies in, [first, last]. reexec: [seq, seq]. */
  range: [number, number];
  /** What the structural diff compares: two events, two states, or nothing available. */
  diffOf: 'event' | 'state' | 'none';
  /** Left = recorded, right = replayed. */
  diff: DiffResult;
  recorded?: unknown;
  replayed?: unknown;
}

/**
 * What diverged. Code branches on this, never on the message. It stays beside the Divergence
 * rather than in it, so the result users see (`vtwin replay --json`) keeps its shape.
 */
export type DivergenceKind =
  /** fold: a recorded event's seq is not the next one. */
  | 'seq-gap'
  /** fold: an event type this twin has no recipe for. */
  | 'unknown-event-type'
  /**
   * fold: a recipe threw on a recorded event: the trace is damaged (e.g. a frame repeated or lost
   * in a trace without index) or the recipes changed.
   */
  | 'recipe-failed'
  /** fold: a checkpoint recorded where the events say it cannot be. */
  | 'checkpoint-misplaced'
  /** The state hash at a checkpoint differs from the recorded one. */
  | 'state-hash'
  /** reexec: a recorded command's index or tick is not where re-execution stands. */
  | 'command-misplaced'
  /** reexec: re-executing a recorded command threw. */
  | 'command-failed'
  /** reexec: the re-executed event differs from the recorded one, or one side has none. */
  | 'event-differs'
  | 'event-missing'
  | 'event-extra';

export interface Found {
  kind: DivergenceKind;
  divergence: Divergence;
}

/**
 * The one way to make a divergence. `range` defaults to [seq, seq]; `events` (reexec) attaches
 * the two events and their diff. Key order is the JSON's.
 */
export function diverged(
  kind: DivergenceKind,
  seq: number,
  reason: string,
  opts: { range?: [number, number]; events?: { recorded: Event | undefined; replayed: Event | undefined } } = {},
): Found {
  const range = opts.range ?? [seq, seq];
  const ev = opts.events;
  const divergence: Divergence = ev
    ? { seq, reason, range, diffOf: 'event', diff: diffValues(ev.recorded, ev.replayed), recorded: ev.recorded,
      replayed: ev.replayed }
    : { seq, reason, range, diffOf: 'none', diff: { entries: [], total: 0 } };
  return { kind, divergence };
}
