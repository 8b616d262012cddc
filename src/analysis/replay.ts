/**
 * The two replay modes (README "Replay modes").
 *
 * - fold (./fold.ts): re-apply the recorded events with the recipes and recompute the state hash
 *   at every checkpoint; a mismatch means the recipes changed (reducer drift).
 * - reexec: a new Engine from the header's config and seed re-executes the recorded commands
 *   (the scheduler's picks included, as `device.run` commands) and every produced event is
 *   compared with the recorded one: the first divergent seq exactly, with a diff of the two
 *   events. A mismatch means the device model's decisions changed.
 */
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { Engine } from '../engine/engine.js';
import { StateHasher } from '../engine/hash.js';
import { virtualClock } from '../engine/clock.js';
import type { TraceReader } from '../trace/reader.js';
import { deepEqual } from './diff.js';
import { diverged, type Found } from './divergence.js';
import { foldReplay } from './fold.js';
import type { ReplayMode, ReplayOptions, ReplayResult } from './replayResult.js';
import { startState } from './start.js';

export type { ReplayMode, ReplayOptions, ReplayResult } from './replayResult.js';
export type { Divergence } from './divergence.js';
export { foldReplay };

export function replay(reader: TraceReader, mode: ReplayMode, opts: ReplayOptions = {}): ReplayResult {
  return mode === 'fold' ? foldReplay(reader, opts) : reexecReplay(reader, opts);
}

function result(mode: ReplayMode): ReplayResult {
  return { mode, ok: true, events: 0, commands: 0, checkpoints: 0, lastSeq: -1, truncated: false, truncatedAt: null,
    truncatedReason: null, divergence: null };
}

/** Record the divergence, if any, in the result. */
function settle(res: ReplayResult, found: Found | null): ReplayResult {
  if (found) {
    res.ok = false;
    res.divergence = found.divergence;
  }
  return res;
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
