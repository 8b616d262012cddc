/**
 * One line of text per timeline entry (`vtwin timeline`, `vtwin report`), with spec names for
 * statuses, qualifiers and opcodes, and the JSON form of each entry (`timeline --json`). Each
 * takes the recorded device's config where opcodes are named (./names.ts: `extOpcodes`).
 */
import type { DeviceConfig } from '../domain/config.js';
import type { Event } from '../domain/events.js';
import type { InFlight } from './inflight.js';
import { codeName, eventCodeKind, namedEvent } from './names.js';
import type { TimelineEntry } from './timeline.js';

const HIDDEN = new Set(['type', 'seq', 'tick', 'cause']);

/** `seq  t=tick #cause type key=value ...`, with spec names for statuses, qualifiers, opcodes. */
export function describeEvent(e: Event, config?: DeviceConfig): string {
  const parts: string[] = [];
  const body = e as unknown as Record<string, unknown>;
  for (const k in body) {
    if (HIDDEN.has(k)) continue;
    parts.push(`${k}=${describeField(e.type, k, body[k], config)}`);
  }
  const head = `${String(e.seq).padStart(8)}  t=${String(e.tick).padEnd(7)} #${String(e.cause).padEnd(6)}`;
  return `${head} ${e.type.padEnd(18)} ${parts.join(' ')}`.trimEnd();
}

function describeField(type: string, key: string, v: unknown, config: DeviceConfig | undefined): string {
  if (typeof v === 'number') {
    const kind = eventCodeKind(type, key);
    return kind !== undefined ? codeName(kind, v, config) : String(v);
  }
  if (typeof v === 'string') {
    if (v === '') return '""';
    if (/^[0-9a-f]+$/.test(v) && v.length > 40) return `${v.slice(0, 32)}…(${v.length / 2} bytes)`;
    return /\s/.test(v) ? JSON.stringify(v) : v;
  }
  if (Array.isArray(v)) return `[${v.map((x) => describeField(type, key, x, config)).join(',')}]`;
  return JSON.stringify(v) ?? 'absent';
}

/** A command as `op key=value ...` (the typed admin command inline as JSON). */
export function describeCommand(cmd: object): string {
  const { op, ...rest } = cmd as Record<string, unknown>;
  const bare = (v: unknown): boolean => typeof v === 'string' && v !== '' && !/\s/.test(v);
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${bare(v) ? String(v) : JSON.stringify(v)}`);
  return `${String(op)} ${parts.join(' ')}`.trimEnd();
}

/** One line per entry; commands, violations and settle points are set apart from events. */
export function describeEntry(entry: TimelineEntry, config?: DeviceConfig): string {
  switch (entry.kind) {
    case 'event':
      return describeEvent(entry.event, config);
    case 'command': {
      const head = `${'command'.padStart(8)}  t=${String(entry.tick).padEnd(7)} #${String(entry.index).padEnd(6)}`;
      return `${head} ${describeCommand(entry.cmd)}`;
    }
    case 'violation': {
      const v = entry.violation;
      return `${'!!'.padStart(8)}  VIOLATION ${v.rule} by ${v.actor} at seq ${v.seq} (${entry.section}): ${v.message}`;
    }
    case 'settle':
      return `${'--'.padStart(8)}  settled after seq ${entry.seq}: nothing ready, liveness rules checked`;
  }
}

/** `cid 3 "w1" LEGACY_COMMON_CFG_WRITE to member 2 on queue 0: processing since seq 40, never completed`. */
export function describeOutstanding(c: InFlight, config?: DeviceConfig): string {
  const since = c.sinceSeq >= 0 ? `since seq ${c.sinceSeq}` : 'since before the trace starts';
  const status =
    c.status !== undefined ? ` ${codeName('status', c.status)}/${codeName('qualifier', c.qualifier ?? 0)}` : '';
  const phase =
    c.phase === 'submitted'
      ? `queued ${since}, never started`
      : c.phase === 'processing'
        ? `processing ${since}, never completed`
        : `completed${status} ${since}, never reaped`;
  const what = `cid ${c.cid} ${JSON.stringify(c.tag)} ${codeName('opcode', c.opcode, config)}`;
  return `${what} to member ${c.member} on queue ${c.q}: ${phase}`;
}

/** The JSON form of an entry: `{ kind, ... }`, events with spec names and their numbers under `codes`. */
export function entryJson(entry: TimelineEntry, config?: DeviceConfig): Record<string, unknown> {
  switch (entry.kind) {
    case 'event':
      return { kind: 'event', ...namedEvent(entry.event, config) };
    case 'command':
      return { kind: 'command', index: entry.index, tick: entry.tick, command: entry.cmd };
    case 'violation':
      return { kind: 'violation', ...entry.violation, section: entry.section };
    case 'settle':
      return { kind: 'settle', seq: entry.seq };
  }
}

/** An outstanding command as JSON, with the opcode's spec name. */
export function outstandingJson(c: InFlight, config?: DeviceConfig): Record<string, unknown> {
  const { cid, tag, q, member, incarnation, phase, submittedSeq, sinceSeq } = c;
  const opcode = codeName('opcode', c.opcode, config);
  return {
    cid,
    tag,
    queue: q,
    opcode,
    codes: { opcode: c.opcode },
    member,
    incarnation,
    phase,
    submittedSeq,
    sinceSeq,
  };
}
