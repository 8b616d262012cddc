/**
 * Damaged and foreign traces (README "Traces", Guarantees):
 * - format 2 binds every frame to its trace and its position: a frame repeated, lost, or copied
 *   in from another recording is a TraceFormatError at that frame;
 * - format 1 frames are not bound: whole-frame damage of a format 1 trace without index reaches
 *   the records, and every tool reports it (a divergence, or a TraceFormatError naming a frame),
 *   never a crash;
 * - a trace from a newer twin (event types or profiles this build does not know) is refused up
 *   front, naming the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blame } from '../../../src/analysis/blame.js';
import { checkTrace } from '../../../src/analysis/check.js';
import { exportPerfetto } from '../../../src/analysis/perfetto.js';
import { foldReplay, reexecReplay } from '../../../src/analysis/replay.js';
import { stateAt } from '../../../src/analysis/stateAt.js';
import { diffTraces } from '../../../src/analysis/traceDiff.js';
import { ForeignTraceError, TraceFormatError } from '../../../src/errors.js';
import { FrameKind } from '../../../src/trace/format.js';
import { TWIN_VERSION } from '../../../src/version.js';
import { inspectTrace } from '../../../src/analysis/inspect.js';
import { timeline } from '../../../src/analysis/timeline.js';
import { openTrace } from '../../../src/trace/reader.js';
import { bytesSource } from '../../../src/trace/source.js';
import { open, readAll, workload } from './helpers.js';
import { validateIndex } from '../../../src/trace/validate.js';
import { decodePlain, encodePlain, joinFrames, replaceBytes, splitFrames, type RawFrame } from './reframe.js';

const small = { trace: { frameBytes: 512, checkpointEvery: 64, snapshotEvery: 300, snapshotSizeRatio: 0 } };

/** The byte offset of each frame once `frames` are joined (after the 12-byte prefix). */
function offsets(frames: readonly RawFrame[]): number[] {
  const out: number[] = [];
  let at = 12;
  for (const f of frames) {
    out.push(at);
    at += 12 + ((f.payload.length + 3) & ~3);
  }
  return out;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe('format 2 binds each frame to its trace and position', () => {
  const run = workload(1500, small);
  const frames = splitFrames(run.bytes).filter((f) => f.kind !== FrameKind.Index);
  const at = offsets(frames);
  const k = frames.findIndex((f, i) => i > 4 && f.kind === FrameKind.Records);

  // The file's own bytes: frame k written twice, or not at all (what a bad copy of a trace
  // whose recorder was killed leaves).
  const unfinished = run.bytes.subarray(0, at.at(-1)! + 12 + ((frames.at(-1)!.payload.length + 3) & ~3));
  const frameK = unfinished.subarray(at[k]!, at[k + 1]!);
  const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

  it('a records frame repeated in a trace without index is refused at the repeat', () => {
    const bytes = cat(unfinished.subarray(0, at[k + 1]!), frameK, unfinished.subarray(at[k + 1]!));
    expect(open(bytes).complete).toBe(false);
    const err = thrown(() => readAll(open(bytes, 'dup.vtrace')));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).message).toMatch(new RegExp(`^dup\\.vtrace: at byte ${at[k + 1]}: a records ` +
      'frame whose checksum matches .* moved within it or copied from another trace'));
  });

  it('a lost frame is refused at the frame that moved into its place', () => {
    const bytes = cat(unfinished.subarray(0, at[k]!), unfinished.subarray(at[k + 1]!));
    const err = thrown(() => foldReplay(open(bytes)));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).offset).toBe(at[k]);
  });

  it('a frame copied from another recording of the same length is refused (format 1 could not tell)', () => {
    // Same run, another producer of the same length: every frame after the header has the same
    // bytes at the same offset; only the trace identity differs.
    const other = workload(1500, { trace: { ...small.trace, producer: 'TEST' } });
    const theirs = splitFrames(other.bytes);
    expect(theirs[k]!.payload).toEqual(frames[k]!.payload);
    const mine = run.bytes.slice();
    const spliced = (dst: Uint8Array, src: Uint8Array) => {
      const out = dst.slice();
      out.set(src.subarray(at[k]!, at[k + 1]!), at[k]!);
      return out;
    };
    const err = thrown(() => readAll(open(spliced(mine, other.bytes), 'mine.vtrace')));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).offset).toBe(at[k]);
    // The same splice between format 1 traces passes every frame check.
    const v1 = (b: Uint8Array) => joinFrames(splitFrames(b), 1);
    const r = readAll(open(spliced(v1(run.bytes), v1(other.bytes))));
    expect(r.events.length).toBe(run.events.length);
  });

  it('a seek through the index checks the binding too', () => {
    const reader = open(run.bytes);
    const seg = reader.index!.segments.find((s) => s.snapshotOffset > 0)!;
    const bad = run.bytes.slice();
    const src = workload(1500, { trace: { ...small.trace, producer: 'TEST' } }).bytes;
    bad.set(src.subarray(seg.snapshotOffset, seg.offset), seg.snapshotOffset);
    expect(() => stateAt(open(bad), seg.seq + 3)).toThrow(
      new RegExp(`at byte ${seg.snapshotOffset}: a snapshot frame`));
  });
});

describe('whole-frame damage of a format 1 trace without index never crashes a tool', () => {
  const fixture = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'format1', 'admin-snapshots.vtrace'));
  const frames = splitFrames(fixture).filter((f) => f.kind !== FrameKind.Index);
  const records = frames.map((f, i) => (f.kind === FrameKind.Records ? i : -1)).filter((i) => i >= 0);
  const damaged: [string, Uint8Array][] = [];
  for (const i of records) {
    damaged.push([`records frame ${i} repeated`, joinFrames([...frames.slice(0, i + 1), ...frames.slice(i)], 1)]);
    damaged.push([`records frame ${i} lost`, joinFrames([...frames.slice(0, i), ...frames.slice(i + 1)], 1)]);
  }

  it('fold and reexec report a divergence or a TraceFormatError; state, check, blame, diff, export, timeline, ' +
    'inspect a result or a TraceFormatError naming a frame', () => {
    expect(open(fixture).header.formatVersion).toBe(1);
    expect(records.length).toBeGreaterThanOrEqual(5);
    const tools: [string, (b: Uint8Array) => unknown][] = [
      ['fold', (b) => foldReplay(open(b))],
      ['reexec', (b) => reexecReplay(open(b))],
      ['state', (b) => stateAt(open(b), 700)],
      ['check', (b) => checkTrace(open(b))],
      ['blame', (b) => blame(open(b), 'aq.nextCid')],
      ['diff', (b) => diffTraces(open(b), open(fixture))],
      ['export', (b) => exportPerfetto(open(b), () => {})],
      ['timeline', (b) => timeline(open(b), {}, () => {})],
      ['inspect', (b) => inspectTrace(open(b))],
    ];
    const crashes: string[] = [];
    let diverged = 0;
    let refused = 0;
    for (const [what, bytes] of damaged) {
      for (const [tool, f] of tools) {
        const err = thrown(() => {
          const r = f(bytes) as { ok?: boolean };
          if (r.ok === false) diverged++;
        });
        if (err instanceof TraceFormatError && err.offset >= 12 && err.offset < bytes.length) refused++;
        else if (err !== null) crashes.push(`${tool} on ${what}: ${String(err)}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(diverged).toBeGreaterThan(damaged.length / 2);
    expect(refused).toBeGreaterThan(damaged.length);
  });

  it('a recipe that fails in fold is a divergence naming the event and its frame', () => {
    const i = records[2]!;
    const lost = joinFrames([...frames.slice(0, i), ...frames.slice(i + 1)], 1);
    const r = foldReplay(open(lost));
    expect(r.ok).toBe(false);
    expect(r.divergence!.reason).toMatch(/recorded event seq|cannot be applied|state hash|checkpoint/);
    const recipe = damaged.map(([, b]) => foldReplay(open(b)).divergence?.reason ?? '')
      .find((reason) => reason.includes('cannot be applied'));
    expect(recipe).toMatch(
      /^event seq \d+ \(\S+\) cannot be applied to the folded state \(.+\); it comes from the records frame at byte/);
  });
});

/** `run`'s trace made as a newer twin would have written it. */
function newer(edit: { profile?: string; renameType?: [string, string]; index?: boolean }): Uint8Array {
  const run = workload(600, small);
  let frames = splitFrames(run.bytes);
  const header = decodePlain(frames[0]!.payload);
  header.twinVersion = '9.9.9';
  if (edit.profile) {
    header.profile = edit.profile;
    (header.config as Record<string, unknown>).profile = edit.profile;
  }
  frames[0] = { ...frames[0]!, payload: encodePlain(header) };
  if (edit.renameType) {
    const [from, to] = edit.renameType;
    frames = frames.map((f) => (f.kind === FrameKind.Header || f.kind === FrameKind.Index ? f
      : { ...f, payload: replaceBytes(f.payload, from, to) }));
    const idx = frames.findIndex((f) => f.kind === FrameKind.Index);
    const index = decodePlain(frames[idx]!.payload) as { eventCounts: Record<string, number> };
    index.eventCounts[to] = index.eventCounts[from]!;
    delete index.eventCounts[from];
    frames[idx] = { ...frames[idx]!, payload: encodePlain(index) };
  }
  if (edit.index === false) frames = frames.filter((f) => f.kind !== FrameKind.Index);
  return joinFrames(frames);
}

describe('a trace from a newer twin is refused up front, naming the file', () => {
  it('an unknown profile', () => {
    const err = thrown(() => open(newer({ profile: 'future-quirk' }), 'new.vtrace'));
    expect(err).toBeInstanceOf(ForeignTraceError);
    expect((err as Error).message).toBe(
      `new.vtrace: made by virtio-twin 9.9.9 with profiles this version (${TWIN_VERSION}) does not know: future-quirk`);
  });

  it('an unknown event type, listed in the index', () => {
    const bytes = newer({ renameType: ['aq/started', 'aq/futured'] });
    expect(() => open(bytes, 'new.vtrace')).toThrow(
      `new.vtrace: made by virtio-twin 9.9.9 with event types this version (${TWIN_VERSION}) does not know: ` +
      'aq/futured');
  });

  it('an unknown event type in a trace without index, when the reader reaches it', () => {
    const bytes = newer({ renameType: ['aq/started', 'aq/futured'], index: false });
    const reader = open(bytes, 'new.vtrace');
    expect(reader.complete).toBe(false);
    for (const f of [() => foldReplay(open(bytes, 'new.vtrace')), () => stateAt(open(bytes, 'new.vtrace'), 200),
      () => checkTrace(open(bytes, 'new.vtrace'))]) {
      expect(thrown(f)).toBeInstanceOf(ForeignTraceError);
    }
  });

  it('a tool that only shows what a file holds can still read it (inspect)', () => {
    const bytes = newer({ renameType: ['aq/started', 'aq/futured'], profile: 'future-quirk' });
    const err = thrown(() => open(bytes, 'new.vtrace'));
    expect((err as Error).message).toMatch(/does not know: aq\/futured \(event type\), future-quirk \(profile\)$/);
    const reader = openTrace(bytesSource(bytes, 'new.vtrace'), { foreign: true });
    expect(reader.index!.eventCounts['aq/futured']).toBeGreaterThan(0);
    const got = readAll(reader);
    expect(got.events.filter((e) => (e.type as string) === 'aq/futured').length)
      .toBe(reader.index!.eventCounts['aq/futured']);
    expect(inspectTrace(openTrace(bytesSource(bytes), { foreign: true })).unknown).toEqual(
      { eventTypes: ['aq/futured'], profiles: ['future-quirk'] });
  });
});

describe('the index', () => {
  type Columns = Record<'offset' | 'snapshotOffset' | 'seq' | 'command' | 'tick', number[]>;
  const indexOf = (bytes: Uint8Array) => {
    const frames = splitFrames(bytes);
    const at = frames.findIndex((f) => f.kind === FrameKind.Index);
    return { frames, at, index: decodePlain(frames[at]!.payload) as { segments: unknown } };
  };

  it('stores its segments as columns and hands them out as entries (version 3)', () => {
    const run = workload(1500, small);
    const { index } = indexOf(run.bytes);
    const cols = index.segments as Columns;
    const entries = open(run.bytes).segments();
    expect(entries.length).toBeGreaterThan(3);
    expect(Object.keys(cols)).toEqual(['offset', 'snapshotOffset', 'seq', 'command', 'tick']);
    expect(entries).toEqual(cols.seq.map((seq, i) => ({ offset: cols.offset[i], snapshotOffset: cols.snapshotOffset[i],
      seq, command: cols.command[i], tick: cols.tick[i] })));
    // Versions 1 and 2 stored the entries themselves: the same index that way reads the same.
    index.segments = entries;
    expect(validateIndex(index, 'v2.vtrace', 40).segments).toEqual(entries);
  });

  it('a segment entry that is not one is refused, naming the entry, in either layout', () => {
    const run = workload(1500, small);
    const { frames, at, index } = indexOf(run.bytes);
    (index.segments as Columns).seq[2] = -5;
    frames[at] = { kind: FrameKind.Index, payload: encodePlain(index) };
    const bad = /^bad\.vtrace: at byte \d+: the trace index field "segments\.2": a segment entry/;
    expect(() => open(joinFrames(frames), 'bad.vtrace')).toThrow(bad);
    index.segments = open(run.bytes).segments().map((s, i) => (i === 2 ? { ...s, seq: -5 } : s));
    expect(() => validateIndex(index, 'bad.vtrace', 40)).toThrow(bad);
  });

  const cols = (n: number, short?: keyof Columns) => Object.fromEntries(
    ['offset', 'snapshotOffset', 'seq', 'command', 'tick'].map((k) => [k, new Array(k === short ? n - 1 : n).fill(0)]));
  it.each([['missing', undefined], ['not a list or columns', { 0: 1 }], ['columns of different lengths',
    cols(3, 'tick')], ['columns without one', { offset: [1], seq: [1], command: [1], tick: [1] }]])(
    'a segment list that is %s is refused, naming the field', (_what, segments) => {
      const { index } = indexOf(workload(1500, small).bytes);
      expect(() => validateIndex(index, 'bad.vtrace', 40)).not.toThrow();
      index.segments = segments;
      expect(() => validateIndex(index, 'bad.vtrace', 40)).toThrow(
        /^bad\.vtrace: at byte 40: the trace index field "segments": segment entries, or columns /);
    });

  it.each([['an empty list', []], ['empty columns', cols(0)]])('a segment list of %s is refused', (_w, segments) => {
    const { index } = indexOf(workload(1500, small).bytes);
    index.segments = segments;
    expect(() => validateIndex(index, 'bad.vtrace', 40)).toThrow(
      /^bad\.vtrace: at byte 40: the trace index field "segments": segment entries \(at least one\)$/);
  });
});
