/**
 * What a trace holds, cheaply: from the index when the file is complete (no record is decoded),
 * by one scan without evolving anything when it is not (a recorder that was killed).
 */
import type { IndexedViolation, TraceHeader } from '../trace/format.js';
import { LIMITS } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import { isKnownEventType } from '../domain/evolve.js';
import { profileByName } from '../domain/profiles.js';

export interface Inspection {
  file: string;
  bytes: number;
  header: TraceHeader;
  /** End record, index and trailer intact. */
  complete: boolean;
  truncated: boolean;
  truncatedAt: number | null;
  truncatedReason: string | null;
  /** The trace was recorded by another twin version (replay may diverge for that reason). */
  versionSkew: boolean;
  events: number;
  commands: number;
  firstSeq: number;
  lastSeq: number;
  firstTick: number;
  lastTick: number;
  checkpoints: number;
  snapshots: number;
  segments: number;
  settles: number;
  bytesPerEvent: number;
  eventCounts: Record<string, number>;
  violations: { total: number; byRule: Record<string, number>; list: IndexedViolation[] };
  /** Hash of the final state (from the last checkpoint), null if none was read. */
  finalHash: string | null;
  /** Event types and profiles of a trace from a newer twin that this build does not know. */
  unknown: { eventTypes: string[]; profiles: string[] };
}

export function inspectTrace(reader: TraceReader): Inspection {
  const r = inspectCounts(reader);
  const profiles = [...new Set([r.header.profile, r.header.config.profile])].filter((p) => !profileByName(p));
  return { ...r, unknown: { eventTypes: Object.keys(r.eventCounts).filter((t) => !isKnownEventType(t)), profiles } };
}

function inspectCounts(reader: TraceReader): Omit<Inspection, 'unknown'> {
  const { header, index } = reader;
  const base = {
    file: reader.source.name,
    bytes: reader.size,
    header,
    complete: index !== null,
    versionSkew: reader.versionSkew,
    firstSeq: header.start.seq,
  };
  if (index) {
    return {
      ...base,
      truncated: false,
      truncatedAt: null,
      truncatedReason: null,
      events: index.events,
      commands: index.commands,
      lastSeq: header.start.seq + index.events - 1,
      firstTick: index.firstTick,
      lastTick: index.lastTick,
      checkpoints: index.checkpoints,
      snapshots: index.snapshots,
      segments: index.segments.length,
      settles: index.settles,
      bytesPerEvent: perEvent(reader.size, index.events),
      eventCounts: index.eventCounts,
      violations: { total: index.violations, byRule: index.violationsByRule, list: index.violationList },
      finalHash: index.finalHash,
    };
  }
  const counts = new Map<string, number>();
  const list: IndexedViolation[] = [];
  const rules = new Map<string, number>();
  let events = 0;
  let commands = 0;
  let checkpoints = 0;
  let settles = 0;
  let segments = 0;
  let firstTick = -1;
  let lastTick = 0;
  let finalHash: string | null = null;
  let violations = 0;
  const scan = reader.scan({
    event(e) {
      events++;
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    },
    command(_i, tick) {
      commands++;
      if (firstTick < 0) firstTick = tick;
      lastTick = tick;
    },
    violation(v) {
      violations++;
      rules.set(v.rule, (rules.get(v.rule) ?? 0) + 1);
      if (list.length < LIMITS.indexViolations) list.push(v);
    },
    checkpoint(_seq, hash) {
      checkpoints++;
      finalHash = hash;
    },
    settle() {
      settles++;
    },
    segment() {
      segments++;
    },
  });
  return {
    ...base,
    truncated: scan.truncated,
    truncatedAt: scan.truncatedAt,
    truncatedReason: scan.reason,
    events,
    commands,
    lastSeq: header.start.seq + events - 1,
    firstTick: Math.max(0, firstTick),
    lastTick,
    checkpoints,
    snapshots: Math.max(0, segments - (header.start.state === 'snapshot' ? 0 : 1)),
    segments,
    settles,
    bytesPerEvent: perEvent(reader.size, events),
    eventCounts: sortedRecord(counts),
    violations: { total: violations, byRule: sortedRecord(rules), list },
    finalHash,
  };
}

function perEvent(bytes: number, events: number): number {
  return events > 0 ? Math.round((bytes / events) * 100) / 100 : 0;
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
