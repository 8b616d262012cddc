/**
 * Shape checks for the plain-msgpack parts of a trace (header, index, snapshot). A frame's
 * checksum proves the bytes are what the writer wrote, not that a writer of this format wrote
 * them: these checks turn a foreign or damaged structure into a TraceFormatError that says which
 * field was wrong, instead of a crash later.
 */
import { z } from 'zod';
import { TraceFormatError } from '../errors.js';
import { PRE_OPTION_VALUES } from '../domain/config.js';
import { resolveConfig } from '../domain/device.js';
import { FORMAT_NAME, type SegmentEntry, type SnapshotRec, type TraceHeader, type TraceIndex } from './format.js';
import { RecordKind } from './format.js';

const nat = z.int().min(0);
const pos = z.int().min(1);

const headerSchema = z.looseObject({
  format: z.literal(FORMAT_NAME),
  formatVersion: pos,
  twinVersion: z.string(),
  profile: z.string(),
  config: z.record(z.string(), z.unknown()),
  seed: z.number(),
  producer: z.string(),
  expectedRules: z.array(z.string()).optional(),
  checkpointEvery: pos,
  snapshotEvery: pos,
  snapshotSizeRatio: z.number().min(0),
  start: z.object({ seq: nat, command: nat, tick: nat, state: z.enum(['config', 'snapshot']) }),
});


// The segment list (one entry per snapshot: a thousand in a 10 M-event trace) is checked by hand,
// below, list included: a schema per entry took ~5 ms of a cold `vtwin state --at`, and even
// z.array(z.unknown()) visits every entry. The loose object passes `segments` through as it is.
const indexSchema = z.looseObject({
  events: nat,
  commands: nat,
  checkpoints: nat,
  snapshots: nat,
  settles: nat,
  violations: nat,
  violationList: z.array(z.object({ rule: z.string(), seq: z.int(), actor: z.string(), message: z.string() })),
  violationsByRule: z.record(z.string(), nat),
  eventCounts: z.record(z.string(), nat),
  firstTick: nat,
  lastTick: nat,
  finalHash: z.string(),
});

function check<T>(schema: z.ZodType<T>, value: unknown, what: string, file: string, offset: number): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new TraceFormatError(file, offset, `${what}${path ? ` field "${path}"` : ''}: ${issue.message}`);
}

export function validateHeader(value: unknown, file: string, offset: number): TraceHeader {
  if (!value || typeof value !== 'object' || (value as { format?: unknown }).format !== FORMAT_NAME) {
    throw new TraceFormatError(file, offset, `a virtio-twin trace header (format "${FORMAT_NAME}")`);
  }
  const header = check(headerSchema, value, 'the trace header', file, offset) as unknown as TraceHeader;
  try {
    // Device options added after the trace was written take the value that reproduces the twin
    // that wrote it: their default, or PRE_OPTION_VALUES where the default changed the behaviour.
    header.config = resolveConfig({ ...PRE_OPTION_VALUES, ...header.config }, 'trace header', 'config');
  } catch (e) {
    throw new TraceFormatError(file, offset, `the trace header's device config: ${(e as Error).message}`);
  }
  return header;
}

const isNat = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const SEGMENT_FIELDS = ['offset', 'snapshotOffset', 'seq', 'command', 'tick'] as const;

/**
 * The index, its segments as entries. Version 3 stores them as columns (src/trace/format.ts
 * SegmentColumns), older versions as a list of entries: both are accepted, whatever the version
 * says, and checked by hand in one pass (this runs cold, at every command's start: a schema per
 * entry took ~5 ms of a `vtwin state --at` on a 10 M-event trace, and even a second loop showed).
 */
export function validateIndex(value: unknown, file: string, offset: number): TraceIndex {
  const index = check(indexSchema, value, 'the trace index', file, offset) as unknown as TraceIndex;
  const raw = (index as { segments: unknown }).segments;
  const segments = Array.isArray(raw) ? fromList(raw, file, offset) : fromColumns(raw, file, offset);
  if (segments.length === 0) {
    throw new TraceFormatError(file, offset, 'the trace index field "segments": segment entries (at least one)');
  }
  index.segments = segments;
  return index;
}

function badEntry(file: string, offset: number, i: number): TraceFormatError {
  return new TraceFormatError(file, offset, `the trace index field "segments.${i}": a segment entry ` +
    '{ offset, snapshotOffset, seq, command, tick } of non-negative integers (snapshotOffset may be -1)');
}

function goodEntry(e: SegmentEntry): boolean {
  return isNat(e.offset) && isNat(e.seq) && isNat(e.command) && isNat(e.tick)
    && (isNat(e.snapshotOffset) || e.snapshotOffset === -1);
}

/** Versions 1 and 2: the entries themselves. */
function fromList(list: unknown[], file: string, offset: number): SegmentEntry[] {
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as SegmentEntry | null;
    if (e === null || typeof e !== 'object' || !goodEntry(e)) throw badEntry(file, offset, i);
  }
  return list as SegmentEntry[];
}

/** Entries from the columns `{ offset: [...], snapshotOffset: [...], ... }`, all of one length. */
function fromColumns(raw: unknown, file: string, offset: number): SegmentEntry[] {
  const cols = raw as Record<string, unknown> | null;
  const n = cols !== null && typeof cols === 'object' && Array.isArray(cols.offset) ? cols.offset.length : -1;
  if (n < 0 || SEGMENT_FIELDS.some((k) => !Array.isArray(cols![k]) || (cols![k] as unknown[]).length !== n)) {
    throw new TraceFormatError(file, offset, 'the trace index field "segments": segment entries, or columns ' +
      '{ offset, snapshotOffset, seq, command, tick } of one length');
  }
  const c = cols as unknown as Record<(typeof SEGMENT_FIELDS)[number], number[]>;
  const out: SegmentEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = { offset: c.offset[i]!, snapshotOffset: c.snapshotOffset[i]!, seq: c.seq[i]!, command: c.command[i]!,
      tick: c.tick[i]! };
    if (!goodEntry(e)) throw badEntry(file, offset, i);
    out[i] = e;
  }
  return out;
}

export function validateSnapshot(value: unknown, file: string, offset: number): SnapshotRec {
  const r = value as Record<string, unknown> | null;
  const ok =
    r !== null &&
    typeof r === 'object' &&
    r.$ === RecordKind.Snapshot &&
    Number.isInteger(r.seq) &&
    Number.isInteger(r.command) &&
    Number.isInteger(r.tick) &&
    typeof r.hash === 'string' &&
    r.state !== null &&
    typeof r.state === 'object' &&
    Array.isArray((r.state as { fns?: unknown }).fns);
  if (!ok) throw new TraceFormatError(file, offset, 'a snapshot record {seq, command, tick, hash, state}');
  return { $: 'snapshot', seq: r!.seq as number, command: r!.command as number, tick: r!.tick as number,
    hash: r!.hash as string, state: r!.state as SnapshotRec['state'] };
}
