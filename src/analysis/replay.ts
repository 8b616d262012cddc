/**
 * The two replay modes (README "Replay modes").
 *
 * - fold: re-apply the recorded events with `evolve` on a plain working copy (no immer, no rules)
 *   and recompute the state hash at every checkpoint. A mismatch means the recipes changed
 *   (reducer drift). Fold cannot see further than its checkpoints: it reports the first
 *   checkpoint whose hash differs and the window of events the drift lies in, plus a structural
 *   diff against the next recorded snapshot when there is one.
 * - reexec: a new Engine from the header's config and seed re-executes the recorded commands
 *   (the scheduler's picks included, as `device.run` commands) and every produced event is
 *   compared with the recorded one: the first divergent seq exactly, with a diff of the two
 *   events. A mismatch means the device model's decisions changed.
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventBody } from '../domain/events.js';
import { evolve, recipeFor } from '../domain/evolve.js';
import type { Recipe } from '../domain/decider.js';
import type { TwinState } from '../domain/state.js';
import { Engine } from '../engine/engine.js';
import { hashMask, StateHasher } from '../engine/hash.js';
import { changesWhen } from '../domain/slices.js';
import { stateView } from '../domain/view.js';
import { virtualClock } from '../engine/clock.js';
import type { TraceReader } from '../trace/reader.js';
import { deepEqual, diffValues } from './diff.js';
import { diverged, type Divergence, type Found } from './divergence.js';
import { segmentState, startState } from './start.js';

export type ReplayMode = 'fold' | 'reexec';
export type { Divergence } from './divergence.js';

export interface ReplayResult {
  mode: ReplayMode;
  ok: boolean;
  events: number;
  commands: number;
  /** Checkpoint hashes compared (and equal up to the divergence). */
  checkpoints: number;
  lastSeq: number;
  truncated: boolean;
  truncatedAt: number | null;
  truncatedReason: string | null;
  divergence: Divergence | null;
}

export interface ReplayOptions {
  progress?(offset: number, size: number): void;
}

export function replay(reader: TraceReader, mode: ReplayMode, opts: ReplayOptions = {}): ReplayResult {
  return mode === 'fold' ? foldReplay(reader, opts) : reexecReplay(reader, opts);
}

function result(mode: ReplayMode): ReplayResult {
  return { mode, ok: true, events: 0, commands: 0, checkpoints: 0, lastSeq: -1, truncated: false, truncatedAt: null,
    truncatedReason: null, divergence: null };
}

export function foldReplay(reader: TraceReader, opts: ReplayOptions = {}): ReplayResult {
  const res = result('fold');
  const state = startState(reader);
  const hasher = new StateHasher();
  let next = reader.header.start.seq;
  let goodThrough = next - 1;
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
        res.checkpoints++;
        goodThrough = seq;
      },
    },
    { progress: opts.progress },
  );
  res.events = next - reader.header.start.seq;
  res.commands = scan.commands;
  res.lastSeq = next - 1;
  copyScan(res, scan);
  const f = found as Found | null;
  if (f?.kind === 'state-hash') diffWithSnapshot(reader, f.divergence, state, next - 1);
  return settle(res, f);
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

/** Record the divergence, if any, in the result. */
function settle(res: ReplayResult, found: Found | null): ReplayResult {
  if (found) {
    res.ok = false;
    res.divergence = found.divergence;
  }
  return res;
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

function gap(got: number, want: number): Found {
  return diverged('seq-gap', want, `recorded event seq ${got} where ${want} was expected (seq must be dense)`);
}

function copyScan(res: ReplayResult, scan: { truncated: boolean; truncatedAt: number | null;
    reason: string | null }): void {
  res.truncated = scan.truncated;
  res.truncatedAt = scan.truncatedAt;
  res.truncatedReason = scan.reason;
}

export function reexecReplay(reader: TraceReader, opts: ReplayOptions = {}): ReplayResult {
  const res = result('reexec');
  const { header } = reader;
  const engine = new Engine({
    config: header.config,
    seed: header.seed,
    rules: [],
    state: startState(reader),
    nextSeq: header.start.seq,
    nextCommand: header.start.command,
    clock: virtualClock(header.start.tick),
  });
  const hasher = new StateHasher();
  let produced: Event[] = [];
  let ptr = 0;
  let lastCommand = -1;
  let found: Found | null = null;
  const leftovers = (): boolean => {
    if (ptr >= produced.length) return false;
    const extra = produced[ptr]!;
    const reason =
      `re-executing command ${lastCommand} produced event seq ${extra.seq} (${extra.type}), which was not recorded`;
    found = diverged('event-extra', extra.seq, reason, { events: { recorded: undefined, replayed: extra } });
    return true;
  };
  const scan = reader.scan(
    {
      command(index: number, tick: number, cmd: Command) {
        if (found) return;
        if (leftovers()) return;
        res.commands++;
        if (index !== engine.commandIndex || tick !== engine.clock.now()) {
          const reason =
            `recorded command ${index} at tick ${tick}, but re-execution is at command ${engine.commandIndex}, tick ` +
            `${engine.clock.now()}`;
          found = diverged('command-misplaced', engine.seq, reason);
          return;
        }
        lastCommand = index;
        try {
          produced = engine.execute(cmd);
        } catch (e) {
          found = diverged('command-failed', engine.seq,
            `re-executing command ${index} (${cmd.op}) failed: ${(e as Error).message}`);
          return;
        }
        for (const e of produced) hasher.note(e);
        ptr = 0;
      },
      event(e) {
        if (found) return true;
        const mine = produced[ptr];
        if (!mine) {
          const reason =
            `recorded event seq ${e.seq} (${e.type}) was not produced by re-executing command ${lastCommand}`;
          found = diverged('event-missing', e.seq, reason, { events: { recorded: e, replayed: undefined } });
          return true;
        }
        if (!deepEqual(e, mine)) {
          const reason = `event seq ${e.seq} differs: recorded ${e.type}, re-executed ${mine.type}`;
          found = diverged('event-differs', e.seq, reason, { events: { recorded: e, replayed: mine } });
          return true;
        }
        ptr++;
        res.events++;
        res.lastSeq = e.seq;
      },
      checkpoint(seq, hash) {
        // Only when the engine stands exactly there: a checkpoint inside a command's events
        // describes a state the engine (which runs whole commands) never holds.
        if (found || seq !== engine.seq - 1 || ptr < produced.length) return;
        const got = hasher.digest(engine.state);
        if (got !== hash) {
          found = diverged('state-hash', seq, `state hash after seq ${seq} is ${got}, recorded ${hash}`);
          return;
        }
        res.checkpoints++;
      },
    },
    { progress: opts.progress },
  );
  if (!found && !scan.truncated) leftovers();
  copyScan(res, scan);
  return settle(res, found);
}
