/**
 * The trace file format, version 3 (README "Traces"). Everything a reader or writer must agree on
 * lives here: byte layouts, record kinds, limits. The layout, in order:
 *
 *   prefix   12 bytes  MAGIC (8) + formatVersion (u32 LE)
 *   frame*            a 12-byte frame header, a payload, zero padding to a 4-byte boundary
 *   trailer  16 bytes  index frame offset (u64 LE) + checksum (u32) + END_MAGIC (4)
 *
 * Frame header (little-endian): marker u8 (0xF5) | kind u8 | reserved u16 (0) | payload length
 * u32 | checksum u32. The checksum (src/trace/checksum.ts) covers the first 8 header bytes, the
 * payload and the padding, so any changed byte of a frame is detected. It is seeded with the
 * trace identity and the frame's byte offset, binding each frame to its trace and position: the
 * identity is the header frame's checksum (the header frame itself is seeded with identity 0 and
 * its offset, 12). A reader knows every frame's offset when it reads it, through the index or by
 * walking the frames, so seeking needs nothing more.
 *
 * Older versions differ only in their snapshots' layout of two tables, their index's segment
 * list, and version 1 in the binding. Version 2 snapshots keep the mapper's busy VFs, `mapper.vfs`,
 * as an object keyed by VF, with `mapper.byCid` (cid -> VF) beside it (version 3: a list with a
 * slot per function, no `byCid`, see src/domain/mapper/table.ts), and its index stores segment
 * entries (version 3: columns, below). Version 1 has that too, and no binding (identity and offset
 * 0 for every frame), and its snapshots keep `aq.commands` as an object keyed by cid (version 2 on:
 * the list ordered by cid, see src/domain/adminq/inflight.ts). The reader migrates snapshots on the
 * fly (./migrate.ts) and reads either index layout (./validate.ts); nothing else changed, the
 * records and the state hash included.
 *
 * Frame kinds:
 * - HEADER (plain msgpack map, TraceHeader) — exactly one, right after the prefix.
 * - a segment's two record streams, each written by its own msgpackr `Packr({ sequential: true })`
 *   (record structures are defined inline at first use, so a reader needs nothing else):
 *   - the event stream: SEGMENT (its first frame: a fresh `Unpackr({ sequential: true })` starts
 *     here) then RECORDS frames: events, command markers, meta records, in the order they
 *     happened;
 *   - the command stream: COMMAND_SEGMENT then COMMANDS frames: the commands' contents, one per
 *     marker. Replay by fold never needs them and skips these frames undecoded.
 *   A frame always holds whole records. The command stream is flushed before the event stream,
 *   so a marker's command is always in an earlier frame.
 * - SNAPSHOT — one snapshot record encoded by its own fresh sequential Packr; self-contained.
 *   Snapshots separate segments: a segment is the frames between two snapshot frames.
 * - INDEX — plain msgpack map (TraceIndex), written by `finish()`, followed by the trailer. Its
 *   `segments` are stored as columns (SegmentColumns: one list per field, version 3 on; versions 1
 *   and 2 stored a list of entries): a 10 M-event trace has ~1200 segments, and decoding 1200 small
 *   maps was ~4 ms of a cold `vtwin state --at`, the columns ~0.3 ms. Readers hand out entries.
 *
 * Event-stream records:
 * - event:     `{ type, ...payload }`; `type` is an id into the stream's string table (or the type
 *              string itself). The envelope is implicit: seq = the next seq, tick and cause = the
 *              last command's tick and index; an Envelope record before the event overrides them.
 *              Events are told from other records by having `type`.
 * - marker:    a bare non-negative integer: a command was executed here, its tick is the previous
 *              command's tick plus this number (a CommandAt record before it overrides).
 * - any other: `{ $: RecordKind, ... }`; see the *Rec interfaces below.
 * Command-stream records: the command object with `op` (and a device.run's `item.kind`) as a
 * string-table id, or a Define record. A command may carry `$src`: the 1-based line of the
 * captured trace it was ingested from (`vtwin ingest`); readers hand it out apart from the command.
 * Other fields of a command are written and read back as they are.
 * Header and index: plain msgpack maps; readers keep fields they do not know.
 * Field names starting with `$` are reserved for the format.
 */
import type { DeviceConfig } from '../domain/config.js';

/** "\x89VTWIN\r\n": the high bit catches 7-bit transfers, CR LF catches newline translation. */
export const MAGIC = Uint8Array.of(0x89, 0x56, 0x54, 0x57, 0x49, 0x4e, 0x0d, 0x0a);
export const FORMAT_NAME = 'virtio-twin-trace';
export const FORMAT_VERSION = 3;
/** Versions this build reads (README "Traces": what changed, and how versions 1 and 2 are migrated). */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

export const PREFIX_BYTES = 12;
export const FRAME_HEADER_BYTES = 12;
export const FRAME_MARKER = 0xf5;
export const TRAILER_BYTES = 16;
/** "VTIX": ends a trace whose index is intact. */
export const END_MAGIC = Uint8Array.of(0x56, 0x54, 0x49, 0x58);

export const FrameKind = {
  Header: 1,
  Segment: 2,
  Records: 3,
  Snapshot: 4,
  Index: 5,
  CommandSegment: 6,
  Commands: 7,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export const FRAME_KIND_NAMES: Record<number, string> = {
  1: 'header',
  2: 'segment',
  3: 'records',
  4: 'snapshot',
  5: 'index',
  6: 'command-segment',
  7: 'commands',
};

/** Record kinds (`$`) of the non-event records. Small ints keep each record one byte cheaper. */
export const RecordKind = {
  Violation: 2,
  Checkpoint: 3,
  Settle: 4,
  End: 5,
  SegmentStart: 6,
  Snapshot: 7,
  /** Appends one string to the segment's string table (event types, command ops). */
  Define: 8,
  /** The next event's seq, tick and cause, when they are not the implicit ones. */
  Envelope: 9,
  /** The next command's index and tick, when they are not the implicit ones. */
  CommandAt: 10,
} as const;

/** Limits that keep a reader in bounded memory on garbage input. */
export const LIMITS = {
  /** Largest frame payload a reader accepts. Snapshots of 65535 VFs stay well below. */
  frameBytes: 1 << 30,
  /** Header and index frames are small; anything larger is not ours. */
  headerBytes: 16 << 20,
  indexBytes: 256 << 20,
  /** Violations listed in the index (the rest are counted). */
  indexViolations: 1000,
  /** Entries in a segment's string table. */
  strings: 1 << 16,
} as const;

/** The command field naming the capture line a command came from (see above). */
export const SOURCE_FIELD = '$src';

/** Writer defaults (recorded in the header, so readers never assume them). */
export const DEFAULTS = {
  /**
   * A checkpoint (state hash) every K events. The hash of the core (everything but fns[]) is
   * recomputed whole at each checkpoint and grows with the commands in flight, so K trades fold's
   * divergence window (reexec is exact anyway) against replay speed: at 4096 the digests were
   * ~10% of a fold of the admin workload, at 16384 ~3%.
   */
  checkpointEvery: 16384,
  /**
   * ...but at least this many events per function: a checkpoint rehashes every function touched
   * since the last one, so with events spread over thousands of VFs (the interrupt and legacy
   * workloads) a fixed K would rehash nearly every VF at each checkpoint.
   */
  checkpointEventsPerFunction: 16,
  /**
   * A snapshot at most every M events... `state --at` folds at most M events from the nearest
   * one, on code the JIT has not warmed yet (~1 us an event). Each snapshot starts a segment,
   * whose record structures msgpackr defines anew, and adds an index entry `state --at` reads.
   * Measured on a 10 M-event admin trace of 8 VFs (snapshots ~4 KB): M 65536 -> 8192 cut the
   * median seek from ~30 to ~15 ms and grew the file 1.5%; 4096 seeked no faster within the noise
   * (twice the index) for another 1.7%. Fold's ratio to raw decode, which restarts per segment as
   * well, stayed 0.82.
   */
  snapshotEvery: 8192,
  /** ...and only once the records since the last one are R times its size (snapshots <= 1/(R+1) of a file). */
  snapshotSizeRatio: 4,
  /** Target frame payload size: the writer hands the sink chunks about this big. */
  frameBytes: 64 * 1024,
} as const;

/** Where the recorded run starts. `state: 'config'` = initialState(header.config). */
export interface TraceStart {
  seq: number;
  command: number;
  tick: number;
  /** 'config': the initial state of the device config; 'snapshot': a SNAPSHOT frame follows the header. */
  state: 'config' | 'snapshot';
}

export interface TraceHeader {
  format: typeof FORMAT_NAME;
  formatVersion: number;
  twinVersion: string;
  profile: string;
  /** The resolved device config (defaults filled in). */
  config: DeviceConfig;
  seed: number;
  /** What produced the trace, e.g. "vtwin run scenarios/x.json" or "fuzz seed=7". */
  producer: string;
  /**
   * Rules the recorded scenario expects to fire (its `expect: violation` steps), sorted, so `vtwin
   * check` can tell documented violations from new ones. Absent when what recorded the run said
   * nothing (a library recording, a bench run): every violation then counts as unexpected.
   * Optional: traces written before it existed read the same as ever.
   */
  expectedRules?: string[];
  checkpointEvery: number;
  snapshotEvery: number;
  snapshotSizeRatio: number;
  start: TraceStart;
}

export interface SegmentEntry {
  /** File offset of the segment's first frame. */
  offset: number;
  /** File offset of the snapshot frame that precedes it, or -1 (segment 0 starting from config). */
  snapshotOffset: number;
  /** Seq of the segment's first event; the snapshot holds the state after seq - 1. */
  seq: number;
  command: number;
  tick: number;
}

export interface IndexedViolation {
  rule: string;
  seq: number;
  actor: string;
  message: string;
}

/** The index's segment list as stored since version 3: entry i is `{ offset: offset[i], ... }`. */
export interface SegmentColumns {
  offset: number[];
  snapshotOffset: number[];
  seq: number[];
  command: number[];
  tick: number[];
}

export function segmentColumns(list: readonly SegmentEntry[]): SegmentColumns {
  return {
    offset: list.map((s) => s.offset),
    snapshotOffset: list.map((s) => s.snapshotOffset),
    seq: list.map((s) => s.seq),
    command: list.map((s) => s.command),
    tick: list.map((s) => s.tick),
  };
}

export interface TraceIndex {
  segments: SegmentEntry[];
  events: number;
  commands: number;
  checkpoints: number;
  snapshots: number;
  settles: number;
  violations: number;
  /** The first LIMITS.indexViolations violations. */
  violationList: IndexedViolation[];
  /** Violations by rule id, keys sorted. */
  violationsByRule: Record<string, number>;
  /** Events by type, keys sorted. */
  eventCounts: Record<string, number>;
  firstTick: number;
  lastTick: number;
  /** Hash of the final state (the last checkpoint always covers the last event). */
  finalHash: string;
}

/** The records a reader hands out (events are plain Event objects, not wrapped). */
export interface CommandRec {
  $: 'command';
  index: number;
  tick: number;
  cmd: import('../domain/commands.js').Command;
  /** The capture line the command was ingested from (`vtwin ingest`), when it has one. */
  src?: number;
}
export interface ViolationRec {
  $: 'violation';
  violation: IndexedViolation;
}
export interface CheckpointRec {
  $: 'checkpoint';
  /** The hash is of the state after this event. */
  seq: number;
  hash: string;
}
export interface SettleRec {
  $: 'settle';
  /** The run settled (liveness rules checked) after this event. */
  seq: number;
}
export interface EndRec {
  $: 'end';
  events: number;
  commands: number;
}
export interface SnapshotRec {
  $: 'snapshot';
  /** State after event seq - 1; the next event is seq. */
  seq: number;
  command: number;
  tick: number;
  hash: string;
  state: import('../domain/state.js').TwinState;
}
export type MetaRec = CommandRec | ViolationRec | CheckpointRec | SettleRec | EndRec;
export type TraceRecord = import('../domain/events.js').Event | MetaRec;

export function isEvent(r: TraceRecord): r is import('../domain/events.js').Event {
  return (r as { $?: unknown }).$ === undefined;
}
