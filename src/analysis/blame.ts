/**
 * `vtwin blame`: which events set the value at a state path, and what caused them. Folds the
 * trace up to `at` and, after each event that may touch the path, compares the value's hash with
 * the one before; a change is blamed on the event, its command (the event's `cause`) and, for
 * device work (`device.run`), the command that submitted that work (matched by its tag).
 *
 * Only events that may touch the path are looked at: under `fns[i]`, events with `fn` i or -1
 * (README "Working on the twin (conventions)": an event that changes fns[i] carries fn: i);
 * elsewhere, every event.
 */
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { hashValue } from '../engine/hash.js';
import { diffValues, type DiffKind } from './diff.js';
import { stateView } from '../domain/view.js';
import type { TwinState } from '../domain/state.js';
import type { TraceReader } from '../trace/reader.js';
import { formatPath, getPath, parsePath, peekPath, type PathKey } from './path.js';
import { startState } from './start.js';
import { applyRecorded } from './apply.js';

export interface BlameCause {
  index: number;
  tick: number;
  cmd: Command;
  /** The capture line the command was ingested from (`vtwin ingest`), when it has one. */
  src?: number;
}

/** One changed key of a container (or the value itself: path ""); `before`/`after` absent when the key was. */
export interface BlameChange {
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

export interface BlameEntry {
  event: Event;
  /** The value before and after the event; undefined = absent. */
  before: unknown;
  after: unknown;
  /** What differs, key by key for containers (at most MAX_CHANGES). */
  changed: BlameChange[];
  /** How many keys differ in all. */
  changedTotal: number;
  /** The command the event came from. */
  command: BlameCause | null;
  /** For device work: the command that submitted it (same tag). */
  origin: BlameCause | null;
}

export interface BlameResult {
  path: string;
  at: number;
  value: unknown;
  /** Oldest first; at most `limit`, the most recent ones. */
  entries: BlameEntry[];
  /** How many events changed the value in all. */
  changes: number;
}

const MAX_TAGS = 100_000;

export function blame(reader: TraceReader, pathText: string, opts: { at?: number; limit?: number } = {}): BlameResult {
  const path = parsePath(pathText);
  const limit = opts.limit ?? 20;
  const at = opts.at ?? Infinity;
  const state = startState(reader);
  const mayTouch = touchFilter(path);
  // Only a path under aq or mapper needs the users' view (tables as maps); building it per event costs.
  const view = path[0] === 'aq' || path[0] === 'mapper' ? stateView : (s: TwinState) => s;
  const copy = (v: unknown): unknown => (v === undefined ? undefined : structuredClone(v));
  let prevHash = hashValue(peekPath(view(state), path));
  let prevValue = copy(peekPath(view(state), path));
  const entries: BlameEntry[] = [];
  let changes = 0;
  let last = reader.header.start.seq - 1;
  let current: BlameCause | null = null;
  const submits = new Map<string, BlameCause>();
  reader.scan({
    command(index, tick, cmd, src) {
      current = src === undefined ? { index, tick, cmd } : { index, tick, cmd, src };
      if (cmd.op === 'aq.submit' && cmd.tag !== undefined) {
        submits.set(cmd.tag, current);
        if (submits.size > MAX_TAGS) submits.delete(submits.keys().next().value!);
      }
    },
    event(e) {
      if (e.seq > at) return true;
      applyRecorded(reader, state, e);
      last = e.seq;
      if (!mayTouch(e)) return;
      const now = peekPath(view(state), path);
      const h = hashValue(now);
      if (h === prevHash) return;
      changes++;
      const command = current && current.index === e.cause ? current : null;
      const tag = command?.cmd.op === 'device.run' ? (command.cmd.item as { tag?: string }).tag : undefined;
      const after = copy(now);
      const origin = tag !== undefined ? (submits.get(tag) ?? null) : null;
      const d = changesOf(prevValue, after);
      entries.push({ event: structuredClone(e), before: prevValue, after, ...d, command, origin });
      if (entries.length > limit) entries.shift();
      prevHash = h;
      prevValue = after;
    },
  });
  // A path that never existed is a typo: say what does exist there.
  const value = changes === 0 ? getPath(view(state), path) : peekPath(view(state), path);
  return { path: formatPath(path), at: last, value, entries, changes };
}

function touchFilter(path: readonly PathKey[]): (e: Event) => boolean {
  if (path[0] !== 'fns' || path.length < 2) return () => true;
  const fn = Number(path[1]);
  return (e) => {
    const f = (e as { fn?: number }).fn;
    return f === fn || f === -1;
  };
}

const MAX_CHANGES = 8;

/** The keys that differ between two values of a path (the value itself when not both containers). */
export function changesOf(before: unknown, after: unknown): { changed: BlameChange[]; changedTotal: number } {
  const container = (v: unknown) => v !== null && typeof v === 'object';
  if (!container(before) || !container(after) || Array.isArray(before) !== Array.isArray(after)) {
    const kind: DiffKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    return { changed: [{ path: '', kind, before, after }], changedTotal: 1 };
  }
  const d = diffValues(before, after, MAX_CHANGES);
  const changed = d.entries.map((x) => ({ path: x.path, kind: x.kind, before: x.a, after: x.b }));
  return { changed, changedTotal: d.total };
}

/**
 * `before → after`, short: containers by changed key (`[2]: absent → 7; busy: -1 → 0`), "absent"
 * for a value that did not exist, long strings cut where they differ, never two identical texts.
 */
export function describeChanges(changed: readonly BlameChange[], total: number, width = 60): string {
  const parts = changed.map((c) => {
    const [a, b] = showPair(c.before, c.after, width);
    return `${c.path ? `${c.path}: ` : ''}${a} → ${b}`;
  });
  if (total > changed.length) parts.push(`… and ${total - changed.length} more`);
  return parts.join('; ');
}

function showPair(a: unknown, b: unknown, width: number): [string, string] {
  const text = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
  const x = text(a);
  const y = text(b);
  if (x.length <= width && y.length <= width) return [x, y];
  // Cut both around the first difference, so the two sides never read the same.
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const start = Math.max(0, i - 10);
  const cut = (s: string): string => {
    const tail = s.length > start + width ? '…' : '';
    return `${start > 0 ? '…' : ''}${s.slice(start, start + width)}${tail}`;
  };
  return [cut(x), cut(y)];
}
