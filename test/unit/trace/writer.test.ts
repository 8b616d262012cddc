/** The recorder's policies: checkpoints every K events, snapshots every M events and by size, the index. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, initialState } from '../../../src/domain/device.js';
import { evolve } from '../../../src/domain/evolve.js';
import { Engine } from '../../../src/engine/engine.js';
import { hashState } from '../../../src/engine/hash.js';
import { inspectTrace } from '../../../src/analysis/inspect.js';
import { foldReplay } from '../../../src/analysis/replay.js';
import { FRAME_HEADER_BYTES } from '../../../src/trace/format.js';
import { memorySink } from '../../../src/trace/memory.js';
import { createRecorder } from '../../../src/trace/writer.js';
import { runAdminWorkload } from '../../../tools/bench/workload.js';
import { open, readAll, record, workload } from './helpers.js';
import { decodePlain, encodePlain, joinFrames, splitFrames } from './reframe.js';

describe('checkpoints', () => {
  it('carry the state hash after every K-th event and after the last one', () => {
    const w = workload(500, { trace: { checkpointEvery: 64 } });
    const cps: [number, string][] = [];
    open(w.bytes).scan({ checkpoint: (seq, hash) => void cps.push([seq, hash]) });
    const n = w.events.length;
    const want = [];
    for (let s = 63; s < n; s += 64) want.push(s);
    if ((n - 1) % 64 !== 63) want.push(n - 1);
    expect(cps.map(([s]) => s)).toEqual(want);
    const state = initialState(w.engine.config);
    const at = new Map(cps);
    let compared = 0;
    for (const e of w.events) {
      evolve(state, e);
      if (at.has(e.seq)) {
        expect(hashState(state), `seq ${e.seq}`).toBe(at.get(e.seq));
        compared++;
      }
    }
    expect(compared).toBe(cps.length);
    expect(compared).toBeGreaterThan(1);
  });
});

describe('snapshots', () => {
  it('are taken at command boundaries at least M events apart, and hold the state at that point', () => {
    const w = workload(2000, { trace: { snapshotEvery: 300, snapshotSizeRatio: 0 } });
    const r = open(w.bytes);
    const segs = r.segments();
    expect(segs.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < segs.length; i++) {
      expect(segs[i]!.seq - segs[i - 1]!.seq).toBeGreaterThanOrEqual(300);
      expect(w.commands.some((c) => c.index === segs[i]!.command)).toBe(true);
      const snap = r.readSnapshot(segs[i]!.snapshotOffset);
      const state = initialState(w.engine.config);
      for (const e of w.events) if (e.seq < snap.seq) evolve(state, e);
      expect(hashState(snap.state)).toBe(hashState(state));
      expect(snap.hash).toBe(hashState(state));
    }
  });

  it('do not dominate a trace of a large device: each follows R times its size in records', () => {
    const ratio = 4;
    const w = workload(6000, { device: { totalVFs: 512 }, trace: { snapshotEvery: 200, snapshotSizeRatio: ratio } });
    const r = open(w.bytes);
    const snapBytes = r.segments().filter((s) => s.snapshotOffset >= 0).map((s) => {
      const dv = new DataView(w.bytes.buffer, w.bytes.byteOffset);
      return FRAME_HEADER_BYTES + dv.getUint32(s.snapshotOffset + 4, true);
    });
    expect(snapBytes.length).toBeGreaterThanOrEqual(1);
    const total = snapBytes.reduce((a, b) => a + b, 0);
    // Without the size policy there would be 6000 / 200 = 30 snapshots.
    expect(snapBytes.length).toBeLessThan(30);
    expect(total).toBeLessThanOrEqual(snapBytes[0]! + (w.bytes.length - total) / ratio);
  });
});

describe('the index', () => {
  it('says what a full scan of the same records says', () => {
    const opts = { trace: { snapshotEvery: 100, snapshotSizeRatio: 0 } } as const;
    const complete = workload(900, opts);
    const killed = workload(900, { ...opts, unfinished: true });
    const a = inspectTrace(open(complete.bytes));
    const b = inspectTrace(open(killed.bytes));
    expect(a.complete).toBe(true);
    expect(b.complete).toBe(false);
    // The killed recorder lost its last frames; compare what both hold.
    const readable = readAll(open(killed.bytes)).events.length;
    expect(b.events).toBe(readable);
    expect(a.events).toBe(complete.events.length);
    const full = open(complete.bytes).segments();
    const found = open(killed.bytes).segments();
    expect(full.length).toBeGreaterThanOrEqual(5);
    expect(found.length).toBeGreaterThanOrEqual(full.length - 1);
    expect(found).toEqual(full.slice(0, found.length));
    const counts: Record<string, number> = {};
    for (const e of complete.events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    expect(a.eventCounts).toEqual(counts);
  });

  it('lists violations with their rule counts', () => {
    const w = record((e) => {
      e.execute({ op: 'aq.submit', tag: 'a', cmd: { opcode: 'LIST_QUERY' } });
      e.execute({ op: 'aq.submit', tag: 'u', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
      e.settle();
    });
    const r = open(w.bytes);
    expect(w.engine.violations.length).toBeGreaterThan(0);
    expect(r.index!.violations).toBe(w.engine.violations.length);
    expect(r.index!.violationList).toEqual(w.engine.violations.map((v) => ({ ...v })));
  });
});

describe('a recorder started mid-run', () => {
  it('writes its start state as a snapshot, so the trace replays on its own', () => {
    const config = defaultConfig({ totalVFs: 4 });
    const first = new Engine({ config, seed: 3 });
    runAdminWorkload(first, { events: 200, seed: 3 });
    const sink = memorySink();
    const start = { seq: first.seq, command: first.commandIndex, tick: first.clock.now(),
      state: structuredClone(first.state) };
    const rec = createRecorder(sink, { config, seed: 3, producer: 'continued', start });
    first.addObserver(rec);
    for (let i = 0; i < 5; i++) first.execute({ op: 'aq.submit', tag: `late${i}`, cmd: { opcode: 'LIST_QUERY' } });
    first.settle();
    rec.finish();
    const r = open(sink.bytes());
    expect(r.header.start).toEqual({ seq: start.seq, command: start.command, tick: start.tick, state: 'snapshot' });
    const result = foldReplay(r);
    expect(result.ok).toBe(true);
    expect(result.lastSeq).toBe(first.seq - 1);
    expect(() => rec.onSettle(0)).toThrow(/after finish/);
  });
});

describe('determinism', () => {
  it('the same seed and commands give the same bytes; another seed gives others', () => {
    const a = workload(3000, { seed: 5 });
    const b = workload(3000, { seed: 5 });
    const c = workload(3000, { seed: 6 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
  });
});

describe('fields other tools add (README "Traces": kept as they are)', () => {
  it('a command\'s $-prefixed annotation and an unknown header field come back from the file', () => {
    const capture = { file: 'qemu.log', line: 12 };
    const rec = record((e) => {
      e.execute({ op: 'sriov.enable', numVFs: 2 });
      e.settle();
    }, { tamper: (r) => ({
      onCommand: (i, t, c) => r.onCommand(i, t, c.op === 'sriov.enable' ? { ...c, $capture: capture } as never : c),
      onEvent: (ev, s) => r.onEvent(ev, s),
      onSettle: (seq) => r.onSettle(seq),
    }) });
    const got = readAll(open(rec.bytes)).commands;
    expect(got[0]!.cmd).toEqual({ op: 'sriov.enable', numVFs: 2, $capture: capture });
    expect(foldReplay(open(rec.bytes)).ok).toBe(true);
    const frames = splitFrames(rec.bytes);
    const header = decodePlain(frames[0]!.payload);
    header.expectedRules = ['driver.aq.list-use-alone'];
    const bytes = joinFrames([{ ...frames[0]!, payload: encodePlain(header) }, ...frames.slice(1)]);
    expect((open(bytes).header as unknown as { expectedRules: string[] }).expectedRules)
      .toEqual(['driver.aq.list-use-alone']);
  });
});
