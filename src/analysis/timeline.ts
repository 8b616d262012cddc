/**
 * A trace as a human reads it: the commands, the events they caused, the rules' violations and
 * the settle points, interleaved in the order they happened, filtered by VF and seq range; then
 * the admin commands still outstanding where it ends.
 *
 * VF filter (`vf: N`): an event belongs to VF N when it carries `fn: N` or `fn: -1` (every
 * function), addresses `member: N`, or names an admin command (`cid`) that was submitted for
 * member N. A command and its scheduler pick are shown when one of its events is. Violations and
 * settle points in the seq range are always shown: they are what one is looking for.
 */
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { ruleById } from '../rules/index.js';
import type { IndexedViolation } from '../trace/format.js';
import type { ScanResult, TraceReader } from '../trace/reader.js';
import { InFlightTracker, type InFlight } from './inflight.js';
import { segmentState } from './start.js';

export interface TimelineOptions {
  vf?: number;
  /** First and last seq to show, inclusive. */
  from?: number;
  to?: number;
  progress?(offset: number, size: number): void;
}

export type TimelineEntry =
  | { kind: 'command'; index: number; tick: number; cmd: Command }
  | { kind: 'event'; event: Event }
  | { kind: 'violation'; violation: IndexedViolation; section: string }
  | { kind: 'settle'; seq: number };

export interface TimelineResult extends ScanResult {
  /** Admin commands submitted and not reaped (nor aborted) where the timeline ends. */
  outstanding: InFlight[];
  /** The seq the timeline ends after (`to`, or the trace's last event). */
  endSeq: number;
}

/** The rule's section for a violation, or a note when this build no longer has the rule. */
export function ruleSection(rule: string): string {
  return ruleById(rule)?.section ?? '(a rule this build does not have)';
}

/** `always`: violations and settle points; `if-shown`: commands, events, scheduler picks. */
type Keep = 'always' | 'if-shown';

/** Calls `emit` for every entry that passes the filters, in order. */
export function timeline(reader: TraceReader, opts: TimelineOptions, emit: (e: TimelineEntry) => void): TimelineResult {
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  const vf = opts.vf;
  const first = reader.header.start.seq;
  const seg = reader.segmentFor(opts.from !== undefined && opts.from > first ? opts.from - 1 : first - 1);
  const tracker = new InFlightTracker(seg.snapshotOffset >= 0 ? segmentState(reader, seg).aq.commands : []);
  const cidMember = new Map<number, number>();
  for (const c of tracker.list()) cidMember.set(c.cid, c.member);
  const belongs = (e: Event): boolean => {
    if (vf === undefined) return true;
    const x = e as unknown as { fn?: number; member?: number; cid?: number; cids?: number[] };
    if (x.fn === vf || x.fn === -1) return true;
    if (x.member === vf) return true;
    if (x.cid !== undefined && cidMember.get(x.cid) === vf) return true;
    return x.cids !== undefined && x.cids.some((c) => cidMember.get(c) === vf);
  };
  // Entries of one command (its events share `cause`), held until we know whether it is shown.
  let group: [TimelineEntry, Keep][] = [];
  let shown = false;
  let groupEvents = 0;
  let groupAt = first;
  let nextSeq = first;
  let endSeq = first - 1;
  const inRange = (seq: number): boolean => seq >= from && seq <= to;
  const flush = (): void => {
    // A command without events is shown where it happened, unless a VF filter hides it.
    if (groupEvents === 0 && vf === undefined && inRange(groupAt)) shown = true;
    for (const [entry, keep] of group) if (keep === 'always' || shown) emit(entry);
    group = [];
    shown = false;
    groupEvents = 0;
  };
  const result = reader.scan(
    {
      command(index, tick, cmd) {
        flush();
        groupAt = nextSeq;
        group.push([{ kind: 'command', index, tick, cmd }, 'if-shown']);
      },
      event(e) {
        if (e.type === 'aq/submitted') cidMember.set(e.cid, e.member);
        if (e.seq > to) return true;
        tracker.apply(e);
        nextSeq = e.seq + 1;
        endSeq = e.seq;
        groupEvents++;
        if (e.seq >= from) {
          const mine = belongs(e);
          shown ||= mine;
          if (mine || e.type === 'sched/picked') group.push([{ kind: 'event', event: e }, 'if-shown']);
        }
        // Reaped commands leave the map, so it stays as small as the admin queues.
        if (e.type === 'aq/reaped') for (const c of e.cids) cidMember.delete(c);
        else if (e.type === 'aq/aborted') cidMember.delete(e.cid);
      },
      violation(v) {
        if (inRange(v.seq)) group.push([{ kind: 'violation', violation: v, section: ruleSection(v.rule) }, 'always']);
      },
      settle(seq) {
        if (inRange(seq)) group.push([{ kind: 'settle', seq }, 'always']);
      },
    },
    { from: seg, progress: opts.progress },
  );
  flush();
  return { ...result, outstanding: tracker.list(), endSeq };
}
