/**
 * Recording a run. The API the scenario runner and the fuzzer call is two functions:
 *
 *   const rec = createRecorder(sink, { config, seed, producer: 'vtwin run scenarios/x.json' });
 *   const engine = new Engine({ config, seed, observers: [rec] });   // or engine.addObserver(rec)
 *   ... engine.execute / step / settle ...   // settle points reach the recorder as onSettle
 *   rec.finish();                   // final checkpoint, end record, index, trailer; closes the sink
 *
 * and `recordToFile(path, info)` (src/trace/file.ts) for the same thing on a file. The recorder is
 * an EngineObserver: it streams commands, events and violations into msgpack frames of about
 * 64 KiB and hands each frame to a `ByteSink` as soon as it is full, so a killed recorder leaves a
 * readable trace of everything up to its last frame. Layout: src/trace/format.ts.
 *
 * Same config + seed + commands => the same bytes: nothing here reads a clock or depends on
 * anything but the observed run.
 */
import { Packr } from 'msgpackr';
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { bootState } from '../domain/boot.js';
import { StateHasher } from '../engine/hash.js';
import type { Violation } from '../rules/framework.js';
import { TWIN_VERSION } from '../version.js';
import type { ByteSink, Recorder, RecorderInfo, TraceSummary } from './recorder.js';
import { buildFrame, buildTrailer } from './frames.js';
import { Stream } from './stream.js';
import { DEFAULTS, FORMAT_NAME, FORMAT_VERSION, FrameKind, LIMITS, MAGIC, PREFIX_BYTES, RecordKind,
  segmentColumns } from './format.js';
import type { IndexedViolation, SegmentColumns, SegmentEntry, TraceHeader, TraceIndex } from './format.js';

export type { ByteSink, RecorderInfo, TraceSummary, Recorder } from './recorder.js';

export function createRecorder(sink: ByteSink, info: RecorderInfo): Recorder {
  return new TraceWriter(sink, info);
}

const plain = new Packr({ useRecords: false });

export function encodeHeader(h: TraceHeader): Uint8Array {
  return plain.pack(h);
}

type Rec = Record<string, unknown>;

class TraceWriter implements Recorder {
  private offset = 0;
  private readonly events = new Stream(FrameKind.Segment, FrameKind.Records);
  private readonly commands = new Stream(FrameKind.CommandSegment, FrameKind.Commands);
  private finished = false;
  /** The trace identity every frame after the header is bound to: the header frame's checksum. */
  private readonly traceId: number;

  private readonly K: number;
  private readonly M: number;
  private readonly ratio: number;
  private readonly frameBytes: number;

  // The implicit envelope: the next seq, and the last command's index and tick.
  private nextSeq: number;
  private cmdIndex: number;
  private cmdTick: number;

  private readonly hasher = new StateHasher();
  private state: Readonly<TwinState> | null = null;
  private sinceCheckpoint = 0;
  private sinceSnapshot = 0;
  private bytesAtSnapshot = 0;
  private lastSnapshotBytes = 0;
  private finalHash = '';

  private readonly segments: SegmentEntry[] = [];
  private readonly eventCounts = new Map<string, number>();
  private readonly violationList: IndexedViolation[] = [];
  private readonly violationsByRule = new Map<string, number>();
  private counts = { events: 0, commands: 0, checkpoints: 0, snapshots: 0, settles: 0, violations: 0 };
  private firstTick = -1;
  private lastTick = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly info: RecorderInfo,
  ) {
    this.K = positive(info.checkpointEvery,
      Math.max(DEFAULTS.checkpointEvery, DEFAULTS.checkpointEventsPerFunction * (info.config.totalVFs + 1)));
    this.M = positive(info.snapshotEvery, DEFAULTS.snapshotEvery);
    this.ratio = Math.max(0, info.snapshotSizeRatio ?? DEFAULTS.snapshotSizeRatio);
    this.frameBytes = positive(info.frameBytes, DEFAULTS.frameBytes);
    const start = info.start;
    this.nextSeq = start?.seq ?? 0;
    this.cmdIndex = (start?.command ?? 0) - 1;
    this.cmdTick = start?.tick ?? 0;
    const header: TraceHeader = {
      format: FORMAT_NAME,
      formatVersion: FORMAT_VERSION,
      twinVersion: TWIN_VERSION,
      profile: info.config.profile,
      config: info.config,
      seed: info.seed,
      producer: info.producer,
      ...(info.expectedRules ? { expectedRules: [...info.expectedRules] } : {}),
      checkpointEvery: this.K,
      snapshotEvery: this.M,
      snapshotSizeRatio: this.ratio,
      start: { seq: this.nextSeq, command: this.cmdIndex + 1, tick: this.cmdTick, state: start
        ? 'snapshot' : 'config' },
    };
    const prefix = new Uint8Array(PREFIX_BYTES);
    prefix.set(MAGIC);
    new DataView(prefix.buffer).setUint32(8, FORMAT_VERSION, true);
    this.emit(prefix);
    const headerFrame = buildFrame(FrameKind.Header, encodeHeader(header), 0, this.offset);
    this.traceId = new DataView(headerFrame.buffer).getUint32(8, true);
    this.emit(headerFrame);
    let snapshotOffset = -1;
    if (start) {
      this.state = start.state;
      snapshotOffset = this.offset;
      this.emit(this.frame(FrameKind.Snapshot, this.snapshotPayload()));
    }
    this.openSegment(snapshotOffset);
  }

  onCommand(index: number, tick: number, cmd: Command): void {
    this.live();
    if (this.sinceSnapshot >= this.M && this.state && this.bytesSince() >= this.ratio * this.lastSnapshotBytes) {
      this.snapshot();
    }
    const c: Rec = {};
    for (const k in cmd) c[k] = k === 'op' ? this.commands.intern(cmd.op) : (cmd as unknown as Rec)[k];
    // A scheduler pick names its work item's kind (a string by type): interned like op.
    if (cmd.op === 'device.run' && typeof cmd.item?.kind === 'string') c.item =
      { ...cmd.item, kind: this.commands.intern(cmd.item.kind) };
    this.commands.put(c);
    const delta = tick - this.cmdTick;
    if (index !== this.cmdIndex + 1 || delta < 0) {
      this.events.put({ $: RecordKind.CommandAt, i: index, t: tick });
      this.events.put(0);
    } else {
      this.events.put(delta);
    }
    this.cmdIndex = index;
    this.cmdTick = tick;
    if (this.firstTick < 0) this.firstTick = tick;
    this.lastTick = tick;
    this.counts.commands++;
    this.maybeFlush();
  }

  onEvent(e: Event, state: Readonly<TwinState>): void {
    this.live();
    this.state = state;
    const rec: Rec = { type: this.events.internType(e.type, (e as { fn?: number }).fn !== undefined) };
    for (const k in e) {
      if (k !== 'type' && k !== 'seq' && k !== 'tick' && k !== 'cause') rec[k] = (e as unknown as Rec)[k];
    }
    if (e.seq !== this.nextSeq || e.tick !== this.cmdTick || e.cause !== this.cmdIndex) {
      this.events.put({ $: RecordKind.Envelope, seq: e.seq, tick: e.tick, cause: e.cause });
    }
    this.nextSeq = e.seq + 1;
    this.events.put(rec);
    this.hasher.note(e);
    this.counts.events++;
    this.eventCounts.set(e.type, (this.eventCounts.get(e.type) ?? 0) + 1);
    this.sinceSnapshot++;
    if (++this.sinceCheckpoint >= this.K) this.checkpoint();
    this.maybeFlush();
  }

  onViolation(v: Violation): void {
    this.live();
    this.counts.violations++;
    const iv: IndexedViolation = { rule: v.rule, seq: v.seq, actor: v.actor, message: v.message };
    if (this.violationList.length < LIMITS.indexViolations) this.violationList.push(iv);
    this.violationsByRule.set(v.rule, (this.violationsByRule.get(v.rule) ?? 0) + 1);
    this.put({ $: RecordKind.Violation, ...iv });
    this.maybeFlush();
  }

  onSettle(lastSeq: number): void {
    this.live();
    this.counts.settles++;
    this.put({ $: RecordKind.Settle, seq: lastSeq });
    this.maybeFlush();
  }

  finish(): TraceSummary {
    this.live();
    if (this.sinceCheckpoint > 0 || this.counts.checkpoints === 0) this.checkpoint();
    this.put({ $: RecordKind.End, events: this.counts.events, commands: this.counts.commands });
    this.flush();
    this.finished = true;
    const index: Omit<TraceIndex, 'segments'> & { segments: SegmentColumns } = {
      segments: segmentColumns(this.segments),
      ...this.counts,
      violationList: this.violationList,
      violationsByRule: sortedRecord(this.violationsByRule),
      eventCounts: sortedRecord(this.eventCounts),
      firstTick: Math.max(0, this.firstTick),
      lastTick: this.lastTick,
      finalHash: this.finalHash,
    };
    const indexOffset = this.offset;
    this.emit(this.frame(FrameKind.Index, plain.pack(index)));
    this.emit(buildTrailer(indexOffset));
    this.sink.close?.();
    return { bytes: this.offset, ...this.counts, finalHash: this.finalHash };
  }

  private live(): void {
    if (this.finished) throw new Error('virtio-twin: the trace recorder was used after finish()');
  }

  private bytesSince(): number {
    return this.offset + this.events.pos + this.commands.pos - this.bytesAtSnapshot;
  }

  /** The state hash after the last event seen (the initial state when there was none). */
  private checkpoint(): void {
    const state = this.state ?? (this.state = bootState(this.info.config));
    this.finalHash = this.hasher.digest(state as TwinState);
    this.put({ $: RecordKind.Checkpoint, seq: this.nextSeq - 1, hash: this.finalHash });
    this.counts.checkpoints++;
    this.sinceCheckpoint = 0;
  }

  private snapshotPayload(): Uint8Array {
    const state = this.state as TwinState;
    const hash = this.hasher.digest(state);
    const rec = { $: RecordKind.Snapshot, seq: this.nextSeq, command: this.cmdIndex + 1, tick: this.cmdTick, hash,
      state };
    return new Packr({ sequential: true }).pack(rec);
  }

  /** At a command boundary: a self-contained snapshot frame, then a fresh segment. */
  private snapshot(): void {
    this.flush();
    const at = this.offset;
    const frame = this.frame(FrameKind.Snapshot, this.snapshotPayload());
    this.emit(frame);
    this.lastSnapshotBytes = frame.length;
    this.counts.snapshots++;
    this.openSegment(at);
  }

  private openSegment(snapshotOffset: number): void {
    this.events.reset();
    this.commands.reset();
    this.sinceSnapshot = 0;
    this.bytesAtSnapshot = this.offset;
    const entry = { offset: this.offset, snapshotOffset, seq: this.nextSeq, command: this.cmdIndex + 1,
      tick: this.cmdTick };
    this.segments.push(entry);
    this.put({ $: RecordKind.SegmentStart, seq: entry.seq, command: entry.command, tick: entry.tick });
  }

  /** An event-stream meta record. */
  private put(rec: Rec): void {
    this.events.put(rec);
  }

  private maybeFlush(): void {
    if (this.events.pos >= this.frameBytes || this.commands.pos >= this.frameBytes) this.flush();
  }

  /** Commands first: a marker's command must be in an earlier frame than the marker. */
  private flush(): void {
    const c = this.commands.frame(this.traceId, this.offset);
    if (c) this.emit(c);
    const e = this.events.frame(this.traceId, this.offset);
    if (e) this.emit(e);
  }

  /** A frame bound to this trace, to be emitted next. */
  private frame(kind: FrameKind, payload: Uint8Array): Uint8Array {
    return buildFrame(kind, payload, this.traceId, this.offset);
  }

  private emit(chunk: Uint8Array): void {
    this.offset += chunk.length;
    this.sink.write(chunk);
  }
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function positive(v: number | undefined, dflt: number): number {
  return v !== undefined && Number.isInteger(v) && v > 0 ? v : dflt;
}
