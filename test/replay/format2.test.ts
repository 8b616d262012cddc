/**
 * Format 2 traces are migrated on reading (README "Traces"): their snapshots keep the mapper's
 * busy VFs as an object keyed by VF, with `byCid` beside it; format 3 keeps a list with a slot per
 * function and derives `byCid`. test/fixtures/format2/legacy-snapshots.vtrace was recorded by the
 * format 2 build: a legacy workload on 4 VFs with a snapshot every 250 events, taken while
 * accesses were queued and legacy admin commands in flight.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blame } from '../../src/analysis/blame.js';
import { foldReplay, reexecReplay } from '../../src/analysis/replay.js';
import { startState } from '../../src/analysis/start.js';
import { stateAt } from '../../src/analysis/stateAt.js';
import { evolve } from '../../src/domain/evolve.js';
import { stateView } from '../../src/domain/view.js';
import { hashState } from '../../src/engine/hash.js';
import { openTraceFile } from '../../src/trace/file.js';
import { FORMAT_VERSION } from '../../src/trace/format.js';
import { memorySink } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/reader.js';
import { rerecord } from '../../src/trace/runs.js';
import { bytesSource } from '../../src/trace/source.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';
import { readAll } from '../unit/trace/helpers.js';

const file = join(import.meta.dirname, '..', 'fixtures', 'format2', 'legacy-snapshots.vtrace');
const open = () => openTraceFile(file);
const snapshots = () => open().segments().filter((s) => s.snapshotOffset >= 0);

describe('a format 2 trace with busy mapper VFs in its snapshots', () => {
  it('is format 2 and replays by fold and by re-execution', () => {
    expect(open().header.formatVersion).toBe(2);
    expect(FORMAT_VERSION).toBe(3);
    const fold = foldReplay(open());
    const reexec = reexecReplay(open());
    expect([fold.ok, reexec.ok, fold.divergence ?? null, reexec.divergence ?? null]).toEqual([true, true, null, null]);
  });

  it('loads each snapshot in the working layout, with the state and hash it was recorded with', () => {
    const reader = open();
    const segs = snapshots();
    expect(segs.length).toBeGreaterThanOrEqual(5);
    let inflight = 0;
    for (const seg of segs) {
      const snap = reader.readSnapshot(seg.snapshotOffset);
      const m = snap.state.mapper;
      expect(m.vfs).toHaveLength(snap.state.fns.length);
      expect('byCid' in m).toBe(false);
      expect(m.busy.length).toBeGreaterThan(0);
      for (const fn of m.busy) expect(m.vfs[fn]!.slot).toBe(m.busy.indexOf(fn));
      // The recorded hash is the format 2 build's hash of the format 2 layout.
      expect(hashState(snap.state)).toBe(snap.hash);
      // Users see the maps of format 2: every VF entry by VF, every command in flight by cid.
      const view = stateView(snap.state).mapper;
      expect(Object.keys(view.vfs).map(Number).sort()).toEqual(m.busy.slice().sort());
      for (const [cid, fn] of Object.entries(view.byCid)) expect(m.vfs[fn]!.inflight).toBe(Number(cid));
      inflight += Object.keys(view.byCid).length;
      // Seeking through the snapshot gives the state folding from the start gives.
      const at = seg.seq + 7;
      const seek = stateAt(open(), at);
      expect(seek.fromSeq).toBe(seg.seq - 1);
      const fromStart = startState(open());
      open().scan({ event: (e) => (evolve(fromStart, e), e.seq >= at) });
      expect(hashState(seek.state)).toBe(hashState(fromStart));
      expect(stateView(seek.state).mapper).toEqual(stateView(fromStart).mapper);
    }
    expect(inflight).toBeGreaterThan(0);
  });

  it('rerecords as a format 3 trace holding the same run', () => {
    const sink = memorySink();
    rerecord(open(), sink);
    const v3 = () => openTrace(bytesSource(sink.bytes(), 'v3'));
    expect(v3().header.formatVersion).toBe(FORMAT_VERSION);
    const a = readAll(open());
    const b = readAll(v3());
    expect(b.events).toEqual(a.events);
    expect(b.commands).toEqual(a.commands);
    expect(v3().index!.finalHash).toBe(open().index!.finalHash);
    expect(foldReplay(v3()).ok).toBe(true);
    const seg = v3().segments().filter((s) => s.snapshotOffset >= 0)[0]!;
    const snap = v3().readSnapshot(seg.snapshotOffset);
    expect(Array.isArray(snap.state.mapper.vfs)).toBe(true);
    expect(hashState(snap.state)).toBe(snap.hash);
  });

  it('`vtwin state` prints and addresses mapper entries by VF and commands by cid', async () => {
    const reader = open();
    const seg = snapshots().find((s) => {
      const m = reader.readSnapshot(s.snapshotOffset).state.mapper;
      return m.busy.some((fn) => m.vfs[fn]!.inflight >= 0);
    })!;
    const m = reader.readSnapshot(seg.snapshotOffset).state.mapper;
    const fn = m.busy.find((f) => m.vfs[f]!.inflight >= 0)!;
    const cid = m.vfs[fn]!.inflight;
    const at = String(seg.seq - 1);
    const run = async (...argv: string[]) => {
      const io = captureIo(mkdtempSync(join(tmpdir(), 'vtwin-format2-')));
      expect(await main(argv, io)).toBe(0);
      return JSON.parse(io.stdout) as { value: unknown };
    };
    const whole = await run('state', file, '--at', at, '--path', 'mapper', '--json');
    expect(whole.value).toEqual(JSON.parse(JSON.stringify(stateView(reader.readSnapshot(seg.snapshotOffset).state)
      .mapper)));
    expect(Object.keys(whole.value as object)).toEqual(['vfs', 'busy', 'byCid', 'nextId', 'done']);
    expect((await run('state', file, '--at', at, '--path', `mapper.byCid.${cid}`, '--json')).value).toBe(fn);
    expect((await run('state', file, '--at', at, '--path', `mapper.vfs.${fn}.inflight`, '--json')).value).toBe(cid);
    // blame follows the same paths: the event that put that command in flight.
    const b = blame(open(), `mapper.byCid.${cid}`, { at: seg.seq - 1 });
    expect(b.value).toBe(fn);
    expect(b.entries.at(-1)!.event.type).toBe('mapper/issued');
  });
});
