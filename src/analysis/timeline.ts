/**
 * A trace as a human reads it: one line per event, filtered by VF and seq range.
 *
 * VF filter (`vf: N`): an event belongs to VF N when it carries `fn: N` or `fn: -1` (every
 * function), addresses `member: N`, or names an admin command (`cid`) that was submitted for
 * member N. A scheduler pick is shown when another event of the same command is.
 */
import { opcodeName } from '../domain/device.js';
import type { Event } from '../domain/events.js';
import { GROUP_TYPE_NAMES, qualifierName, statusName } from '../domain/spec/names.js';
import type { ScanResult, TraceReader } from '../trace/reader.js';
import { segmentState } from './start.js';

export interface TimelineOptions {
  vf?: number;
  /** First and last seq to show, inclusive. */
  from?: number;
  to?: number;
  progress?(offset: number, size: number): void;
}

/** Calls `emit` for every event that passes the filters, in order. */
export function timeline(reader: TraceReader, opts: TimelineOptions, emit: (e: Event) => void): ScanResult {
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  const vf = opts.vf;
  const cidMember = new Map<number, number>();
  let seg = undefined as ReturnType<TraceReader['segmentFor']> | undefined;
  if (opts.from !== undefined && opts.from > reader.header.start.seq) {
    seg = reader.segmentFor(opts.from - 1);
    // Commands in flight at the snapshot keep their member, so the VF filter stays exact.
    if (vf !== undefined && seg.snapshotOffset >= 0) {
      const cmds = segmentState(reader, seg).aq.commands;
      for (const k in cmds) cidMember.set(cmds[k]!.cid, cmds[k]!.member);
    }
  }
  let group: Event[] = [];
  let groupCause = -1;
  let groupShown = false;
  const flush = (): void => {
    if (groupShown) for (const e of group) emit(e);
    group = [];
    groupShown = false;
  };
  const belongs = (e: Event): boolean => {
    const x = e as unknown as { fn?: number; member?: number; cid?: number; cids?: number[] };
    if (x.fn === vf || x.fn === -1) return true;
    if (x.member === vf) return true;
    if (x.cid !== undefined && cidMember.get(x.cid) === vf) return true;
    return x.cids !== undefined && x.cids.some((c) => cidMember.get(c) === vf);
  };
  const result = reader.scan(
    {
      event(e) {
        if (e.type === 'aq/submitted') cidMember.set(e.cid, e.member);
        if (e.seq > to) return true;
        if (e.seq >= from) {
          if (vf === undefined) emit(e);
          else {
            if (e.cause !== groupCause) {
              flush();
              groupCause = e.cause;
            }
            if (e.type === 'sched/picked') group.push(e);
            else if (belongs(e)) {
              group.push(e);
              groupShown = true;
            }
          }
        }
        if (e.type === 'aq/reaped') for (const c of e.cids) cidMember.delete(c);
        else if (e.type === 'aq/aborted') cidMember.delete(e.cid);
      },
    },
    { from: seg, progress: opts.progress },
  );
  flush();
  return result;
}

const HIDDEN = new Set(['type', 'seq', 'tick', 'cause']);

/** `seq t=tick #cause type key=value ...`, with spec names for statuses, qualifiers, opcodes. */
export function describeEvent(e: Event): string {
  const parts: string[] = [];
  const body = e as unknown as Record<string, unknown>;
  for (const k in body) {
    if (HIDDEN.has(k)) continue;
    parts.push(`${k}=${describeField(k, body[k])}`);
  }
  const head = `${String(e.seq).padStart(8)}  t=${String(e.tick).padEnd(7)} #${String(e.cause).padEnd(6)}`;
  return `${head} ${e.type.padEnd(18)} ${parts.join(' ')}`.trimEnd();
}

function describeField(key: string, v: unknown): string {
  if (typeof v === 'number') {
    if (key === 'status') return statusName(v);
    if (key === 'qualifier') return qualifierName(v);
    if (key === 'opcode' || key === 'opcodes') return opcodeName(v);
    if (key === 'groupType') return GROUP_TYPE_NAMES[v] ?? String(v);
    return String(v);
  }
  if (typeof v === 'string') {
    if (v === '') return '""';
    if (/^[0-9a-f]+$/.test(v) && v.length > 40) return `${v.slice(0, 32)}…(${v.length / 2} bytes)`;
    return /\s/.test(v) ? JSON.stringify(v) : v;
  }
  if (Array.isArray(v)) return `[${v.map((x) => describeField(key, x)).join(',')}]`;
  return JSON.stringify(v) ?? 'undefined';
}
