/**
 * One trace opened in the viewer: answers the page's questions (./api.ts) from the trace's
 * segments (./segments.ts). A cursor keeps the state after the last event asked for, so stepping
 * forward folds one event; any other seek folds from the nearest snapshot.
 */
import { blame } from '../analysis/blame.js';
import { describeChanges } from '../analysis/blame.js';
import { describeCommand, describeEvent } from '../analysis/describe.js';
import { diffValues } from '../analysis/diff.js';
import { InFlightTracker } from '../analysis/inflight.js';
import { codeName, namedEvent } from '../analysis/names.js';
import { ruleSection } from '../analysis/timeline.js';
import type { DeviceConfig } from '../domain/config.js';
import type { Event } from '../domain/events.js';
import { applyRecorded } from '../analysis/apply.js';
import type { TwinState } from '../domain/state.js';
import { stateView } from '../domain/view.js';
import { InputError } from '../errors.js';
import type { IndexedViolation } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import { Segments } from './segments.js';
import { buildTree, withAncestors } from './tree.js';
import type { AtResult, BlameView, Change, Meta, Span, ViolationInfo, WindowEntry, WindowResult } from './types.js';

/** Violations listed in `meta` (the rest are reached with `find`). */
const LISTED_VIOLATIONS = 1000;
const MAX_WINDOW = 5000;
const MAX_CHANGES = 200;

const info = (v: IndexedViolation): ViolationInfo => ({ ...v, section: ruleSection(v.rule) });

/** Where the viewer draws an event: its function, its queue, the mmio device, or the core. */
export function trackOf(e: Event): string {
  if (e.type.startsWith('mmio/')) return 'mmio';
  const { fn, q } = e as { fn?: number; q?: number };
  if (fn !== undefined) return `fn:${Math.max(0, fn)}`;
  return q !== undefined ? `q:${q}` : 'core';
}

/** `config`: the recorded device, which numbers the opcodes the entry names. */
export function eventEntry(e: Event, config?: DeviceConfig): WindowEntry & { kind: 'event' } {
  const { seq, cause, type } = e;
  const text = describeEvent(e, config).trim();
  return { kind: 'event', seq, cause, type, track: trackOf(e), text, fields: namedEvent(e, config) };
}

export class ViewSession {
  private readonly segs: Segments;
  private cursor: { seq: number; state: TwinState } | null = null;
  private metaCache: Meta | null = null;

  constructor(
    private readonly reader: TraceReader,
    private readonly name: string,
  ) {
    this.segs = new Segments(reader);
  }

  get firstSeq(): number {
    return this.reader.header.start.seq;
  }

  meta(): Meta {
    if (this.metaCache) return this.metaCache;
    const h = this.reader.header;
    const index = this.reader.index;
    let violations: IndexedViolation[] = [];
    let count = 0;
    let lastSeq: number;
    if (index) {
      violations = index.violationList;
      count = index.violations;
      lastSeq = h.start.seq + index.events - 1;
    } else {
      // No index (a recorder that was killed): one scan finds the end and the violations.
      const r = this.reader.scan({
        violation(v) {
          count++;
          if (violations.length < LISTED_VIOLATIONS) violations.push(v);
        },
      });
      lastSeq = r.lastSeq;
    }
    const c = h.config;
    this.metaCache = {
      name: this.name,
      producer: h.producer,
      profile: h.profile,
      seed: h.seed,
      totalVFs: c.totalVFs,
      adminQueues: c.adminQueues,
      twinVersion: h.twinVersion,
      firstSeq: h.start.seq,
      lastSeq,
      complete: index !== null,
      violations: violations.map(info),
      violationCount: count,
      violationsComplete: violations.length === count,
    };
    return this.metaCache;
  }

  private checkSeq(seq: number, what: string): void {
    const { firstSeq, lastSeq } = this.meta();
    if (seq < firstSeq - 1 || seq > lastSeq) {
      throw new InputError(`${what} ${seq}: expected a seq from ${firstSeq - 1} (the start state) to ${lastSeq}`);
    }
  }

  private event(seq: number): Event {
    const seg = this.segs.load(this.segs.indexOf(seq));
    const e = seg.events[seq - seg.seq];
    if (!e) throw new InputError(`seq ${seq}: no such event in the trace`);
    return e;
  }

  /** Move the cursor to the state after `seq`. */
  private moveTo(seq: number): TwinState {
    const i = this.segs.indexOf(seq);
    const seg = this.segs.load(i);
    const c = this.cursor;
    if (!c || c.seq > seq || c.seq < seg.seq - 1) this.cursor = { seq: seg.seq - 1, state: structuredClone(seg.start) };
    const cur = this.cursor!;
    for (let s = cur.seq + 1; s <= seq; s++) applyRecorded(this.reader, cur.state, seg.events[s - seg.seq]!);
    cur.seq = Math.max(cur.seq, seq);
    return cur.state;
  }

  at(seq: number, open: readonly string[]): AtResult {
    this.checkSeq(seq, 'seq');
    if (seq < this.firstSeq) {
      const state = this.moveTo(seq);
      const tree = buildTree(stateView(state), withAncestors(open), state.config);
      return { seq, event: null, command: null, violations: [], changed: [], changedTotal: 0, tree };
    }
    const e = this.event(seq);
    const state = this.moveTo(seq - 1);
    const fn = (e as { fn?: number }).fn;
    const before = regions(state, fn);
    applyRecorded(this.reader, state, e);
    this.cursor!.seq = seq;
    const diff = diffRegions(before, regions(state, fn));
    const shown = withAncestors([...open, ...diff.changed.map((c) => c.path)]);
    const tree = buildTree(stateView(state), shown, state.config);
    const seg = this.segs.load(this.segs.indexOf(seq));
    const violations = seg.violations.filter((v) => v.seq === seq).map(info);
    const event = eventEntry(e, this.reader.header.config);
    return { seq, event, command: this.command(e.cause), violations, ...diff, tree };
  }

  /** Command `index`, with the seq of its first event. */
  private command(index: number): AtResult['command'] {
    for (let i = this.segs.indexOfCommand(index); i >= 0; i--) {
      const c = this.segs.load(i).commands.find((x) => x.index === index);
      if (c) return { index, seq: c.at, text: describeCommand(c.cmd) };
    }
    return null;
  }

  window(from: number, to: number): WindowResult {
    const { firstSeq, lastSeq } = this.meta();
    from = Math.max(from, firstSeq);
    to = Math.min(to, lastSeq);
    if (to - from >= MAX_WINDOW) throw new InputError(`window ${from}..${to}: at most ${MAX_WINDOW} events at once`);
    const entries: WindowEntry[] = [];
    const tracker = new InFlightTracker(from > firstSeq ? this.moveTo(from - 1).aq.commands : []);
    const spans = new Map<number, Span>();
    const config = this.reader.header.config;
    const label = (c: { opcode: number; tag: string }) => `${codeName('opcode', c.opcode, config)} ${c.tag}`;
    for (const c of tracker.list()) spans.set(c.cid, { cid: c.cid, q: c.q, label: label(c), from, to: null });
    const done: Span[] = [];
    for (let i = this.segs.indexOf(from); i < this.segs.list.length && this.segs.list[i]!.seq <= to; i++) {
      const seg = this.segs.load(i);
      for (const c of seg.commands) if (c.at >= from && c.at <= to) entries.push(commandEntry(c));
      for (const v of seg.violations) if (v.seq >= from && v.seq <= to) entries.push({ kind: 'violation', ...info(v) });
      for (const s of seg.settles) if (s >= from && s <= to) entries.push({ kind: 'settle', seq: s });
      for (const e of seg.events) {
        if (e.seq < from || e.seq > to) continue;
        entries.push(eventEntry(e, config));
        for (const t of tracker.apply(e)) {
          const c = t.cmd;
          if (t.kind === 'submitted') spans.set(c.cid, { cid: c.cid, q: c.q, label: label(c), from: e.seq, to: null });
          if (t.kind !== 'ended') continue;
          const span = spans.get(c.cid);
          if (span) done.push({ ...span, to: e.seq });
          spans.delete(c.cid);
        }
      }
    }
    entries.sort((a, b) => a.seq - b.seq || order(a) - order(b));
    return { from, to, entries, spans: [...done, ...spans.values()].sort((a, b) => a.from - b.from) };
  }

  blame(path: string, at: number): BlameView {
    this.checkSeq(at, 'at');
    const r = blame(this.reader, path, { at, limit: 20 });
    const cause = (c: { index: number; cmd: object } | null) =>
      c ? { text: `command ${c.index}: ${describeCommand(c.cmd)}`, seq: this.command(c.index)?.seq ?? -1 } : null;
    return {
      path: r.path,
      at: r.at,
      value: r.value === undefined ? 'absent' : JSON.stringify(r.value),
      changes: r.changes,
      entries: r.entries.map((x) => ({
        seq: x.event.seq,
        text: describeEvent(x.event, this.reader.header.config).trim(),
        change: describeChanges(x.changed, x.changedTotal),
        command: cause(x.command),
        origin: cause(x.origin),
      })),
    };
  }

  /** The next (dir 1) or previous (dir -1) violation or command from `from`; null when none. */
  find(kind: 'violation' | 'command', from: number, dir: 1 | -1): number | null {
    this.checkSeq(from, 'from');
    return kind === 'violation' ? this.findViolation(from, dir) : this.findCommand(from, dir);
  }

  private findViolation(from: number, dir: 1 | -1): number | null {
    for (let i = this.segs.indexOf(from); i >= 0 && i < this.segs.list.length; i += dir) {
      const seqs = this.segs.load(i).violations.map((v) => v.seq);
      const hit =
        dir > 0
          ? seqs.filter((s) => s > from).sort((a, b) => a - b)[0]
          : seqs.filter((s) => s < from).sort((a, b) => b - a)[0];
      if (hit !== undefined) return hit;
    }
    return null;
  }

  /**
   * The first event of the next command that has events; backwards, the start of the current
   * command, or of the previous one when already at its start.
   */
  private findCommand(from: number, dir: 1 | -1): number | null {
    const { firstSeq, lastSeq } = this.meta();
    const cause = from >= firstSeq ? this.event(from).cause : -1;
    if (dir > 0) {
      for (let s = from + 1; s <= lastSeq; s++) if (this.event(s).cause > cause) return s;
      return null;
    }
    if (from - 1 < firstSeq) return null;
    let s = from - 1;
    const target = this.event(s).cause;
    while (s - 1 >= firstSeq && this.event(s - 1).cause === target) s--;
    return s;
  }
}

function commandEntry(c: { index: number; at: number; cmd: object }): WindowEntry {
  return { kind: 'command', seq: c.at, index: c.index, text: describeCommand(c.cmd) };
}

/** Commands before their events; violations and settle points after the event they follow. */
function order(e: WindowEntry): number {
  return e.kind === 'command' ? 0 : e.kind === 'event' ? 1 : e.kind === 'violation' ? 2 : 3;
}

interface Regions {
  core: Record<string, unknown>;
  fns: Map<number, unknown>;
}

/** Copies of what an event may change: the core, and its function (every function for fn -1). */
function regions(s: TwinState, fn: number | undefined): Regions {
  // Paths are the users' (aq.commands by cid: src/domain/view.ts), as blame and the tree use.
  const { fns, config: _config, ...core } = stateView(s);
  const out: Regions = { core: structuredClone(core), fns: new Map() };
  if (fn === -1) fns.forEach((f, i) => out.fns.set(i, structuredClone(f)));
  else if (fn !== undefined && fns[fn]) out.fns.set(fn, structuredClone(fns[fn]));
  return out;
}

function diffRegions(a: Regions, b: Regions): { changed: Change[]; changedTotal: number } {
  const changed: Change[] = [];
  let total = 0;
  const add = (prefix: string, x: unknown, y: unknown): void => {
    const d = diffValues(x, y, MAX_CHANGES);
    total += d.total;
    for (const e of d.entries) {
      if (changed.length >= MAX_CHANGES) break;
      const path = prefix + (prefix && e.path && !e.path.startsWith('[') ? '.' : '') + e.path;
      changed.push({ path, text: describeChanges([{ path: '', kind: e.kind, before: e.a, after: e.b }], 1) });
    }
  };
  add('', a.core, b.core);
  for (const [i, f] of a.fns) add(`fns[${i}]`, f, b.fns.get(i));
  return { changed, changedTotal: total };
}
