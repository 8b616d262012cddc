/**
 * The Perfetto / Chrome trace export: every bundled scenario's export passes the Trace Event
 * Format check and shows every violation of its run; admin commands are async slices with their
 * phases; a command that never completes is drawn to the end and marked; VF incarnations get
 * tracks of their own; counters follow the queues, pending bits and host vectors.
 */
import { describe, expect, it } from 'vitest';
import { exportPerfetto } from '../../../src/analysis/perfetto.js';
import { checkTraceEvents } from '../../../src/analysis/tefCheck.js';
import type { Event, EventOf } from '../../../src/domain/events.js';
import { qualifierName, statusName } from '../../../src/domain/spec/names.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { loadScenario, scenarioFilesIn } from '../../../src/scenario/file.js';
import { memorySink } from '../../../src/trace/memory.js';
import { createRecorder } from '../../../src/trace/writer.js';
import { bundledScenariosDir } from '../../../tools/commands/main.js';
import { open, record } from '../trace/helpers.js';
import { misbehave, recreate, stall } from './runs.js';

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid?: number;
  ts: number;
  id?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

function exported(bytes: Uint8Array): { events: TraceEvent[]; doc: unknown } {
  let text = '';
  exportPerfetto(open(bytes), (t) => (text += t));
  const doc = JSON.parse(text) as { traceEvents: TraceEvent[] };
  return { events: doc.traceEvents, doc };
}

const threadNames = (ev: TraceEvent[]) =>
  new Map(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, String(e.args!.name)]));

describe('every bundled scenario exports to a valid Chrome trace showing its violations', () => {
  const files = scenarioFilesIn(bundledScenariosDir());
  it('finds the bundled scenarios (so the checks below cannot pass on an empty list)', () => {
    expect(files.length).toBeGreaterThanOrEqual(59);
  });
  for (const file of files) {
    it(file.replace(/.*\//, ''), () => {
      const sc = loadScenario(file);
      const sink = memorySink();
      const rec = createRecorder(sink, { config: sc.device, seed: sc.seed, producer: 'test' });
      const run = runScenario(sc, { observers: [rec], snapshots: false });
      rec.finish();
      const { events, doc } = exported(sink.bytes());
      const report = checkTraceEvents(doc);
      expect(report.problems.map((p) => p.message)).toEqual([]);
      expect(report.ok).toBe(true);
      const shown = events.filter((e) => e.ph === 'i' && e.name.startsWith('VIOLATION '));
      expect(shown.map((e) => [e.args!.rule, e.args!.seq])).toEqual(run.violations.map((v) => [v.rule, v.seq]));
      for (const e of shown) expect(e.args!.section).toMatch(/\S/);
    });
  }
});

describe('admin commands', () => {
  it('are async slices with queued → processing → completed phases, stacked on their queue', () => {
    const w = record(misbehave);
    const { events } = exported(w.bytes);
    const submit = w.events.find((e): e is EventOf<'aq/submitted'> => e.type === 'aq/submitted' && e.tag === 'vf2')!;
    const mine = events.filter((e) => e.cat === 'admin-command' && e.id === submit.seq);
    const isDone = (e: Event): e is EventOf<'aq/completed'> => e.type === 'aq/completed' && e.cid === submit.cid;
    const done = w.events.find(isDone)!;
    const answer = `${statusName(done.status)}/${qualifierName(done.qualifier)}`;
    expect(mine.map((e) => `${e.ph} ${e.name}`)).toEqual([
      'b admin queue 0',
      'b LIST_QUERY vf2 → VF 2: queued',
      'e LIST_QUERY vf2 → VF 2: queued',
      'b LIST_QUERY vf2 → VF 2: processing',
      'e LIST_QUERY vf2 → VF 2: processing',
      `b LIST_QUERY vf2 → VF 2: completed ${answer}, awaiting reap`,
      `e LIST_QUERY vf2 → VF 2: completed ${answer}, awaiting reap`,
      'e admin queue 0',
    ]);
    // Two commands outstanding at once on queue 0: their outer slices overlap on one named track.
    const outer = events.filter((e) => e.cat === 'admin-command' && e.name === 'admin queue 0');
    const spans = new Map<number, number[]>();
    for (const e of outer) spans.set(e.id!, [...(spans.get(e.id!) ?? []), e.ts]);
    const list = [...spans.values()];
    expect(list.some(([b1, e1]) => list.some(([b2]) => b2! > b1! && b2! < e1!))).toBe(true);
    // The flow from the submission ends where the device completed it.
    const flow = events.filter((e) => e.cat === 'admin-command.flow' && e.id === submit.seq);
    expect(flow.map((e) => e.ph)).toEqual(['s', 'f']);
    expect(threadNames(events).get(flow[1]!.tid)).toBe('admin queue 0');
  });

  it('one that never completes is drawn to the end of the trace, marked outstanding, its flow ended', () => {
    const s = record(stall, { device: { totalVFs: 4, profile: 'stall-across-disable' } });
    const { events, doc } = exported(s.bytes);
    expect(checkTraceEvents(doc).problems).toEqual([]);
    const lastEventTs = Math.max(...events.filter((e) => e.ph === 'i').map((e) => e.ts));
    const ends = events.filter((e) => e.cat === 'admin-command' && e.ph === 'e');
    expect(ends.at(-1)!.args).toEqual({ end: 'outstanding at end of trace' });
    expect(ends.at(-1)!.ts).toBeGreaterThan(lastEventTs);
    const mark = events.find((e) => e.ph === 'n')!;
    expect(mark.name).toBe('still outstanding at end of trace: LIST_QUERY stuck → PF: queued');
    expect(events.filter((e) => e.cat === 'admin-command.flow').map((e) => e.ph)).toEqual(['s', 'f']);
    const v = events.find((e) => e.name === 'VIOLATION device.aq.all-complete-at-settle')!;
    expect(threadNames(events).get(v.tid)).toBe('violations · device');
    expect(v.args).toMatchObject({ actor: 'device', message: expect.stringContaining('stuck') });
  });
});

describe('tracks and counters', () => {
  it('a re-created VF gets a new track, named so, next to its first incarnation', () => {
    const w = record(recreate, { device: { totalVFs: 4, memberIncarnation: 'apply' } });
    const { events } = exported(w.bytes);
    const names = [...threadNames(events).values()];
    expect(names).toEqual(expect.arrayContaining(['VF 2 · incarnation 1', 'VF 2 · incarnation 2 (re-created)']));
    const sorts = new Map(
      events.filter((e) => e.name === 'thread_sort_index').map((e) => [e.tid, e.args!.sort_index as number]),
    );
    const tidOf = (n: string) => [...threadNames(events)].find(([, x]) => x === n)![0];
    const s1 = sorts.get(tidOf('VF 2 · incarnation 1'))!;
    const s2 = sorts.get(tidOf('VF 2 · incarnation 2 (re-created)'))!;
    const pf = sorts.get(tidOf('PF (fn 0)'))!;
    expect(pf < s1 && s1 < s2).toBe(true);
    // VF 2's first incarnation's events stay on its own track.
    const submitted = events.find((e) => e.name.startsWith('submit LIST_QUERY w1'))!;
    expect(threadNames(events).get(submitted.tid)).toBe('VF 2 · incarnation 1');
    expect(events.find((e) => e.name === 'process_name')!.args!.name).toMatch(/^PF \(fn 0\)/);
  });

  it('counts outstanding commands per queue, up and back to zero', () => {
    const w = record(misbehave);
    const { events } = exported(w.bytes);
    const depth = events
      .filter((e) => e.ph === 'C' && e.name === 'admin queue 0 outstanding')
      .map((e) => e.args!.commands);
    expect(Math.max(...(depth as number[]))).toBe(2);
    expect(depth.at(-1)).toBe(0);
  });

  it('counts pending bits per function and host IRQ vectors in use', () => {
    const w = record((e) => {
      e.execute({ op: 'sriov.enable', numVFs: 2 });
      e.execute({ op: 'vf.bind', fn: 1, driver: 'vfio-pci' });
      // Status first: the twin refuses any notification while a function's status is 0 (virtio §2.4).
      e.execute({ op: 'vf.status', fn: 1, value: 15 });
      e.execute({ op: 'msix.enable', fn: 1 });
      e.execute({ op: 'msix.unmask', fn: 1, vector: 0 });
      e.execute({ op: 'msix.mask', fn: 1, vector: 0 });
      e.execute({ op: 'vector.map', fn: 1, queue: 'config', vector: 0 });
      e.execute({ op: 'device.configChange', fn: 1 });
      e.execute({ op: 'msix.unmask', fn: 1, vector: 0 });
      e.settle();
    });
    const { events } = exported(w.bytes);
    const pending = events.filter((e) => e.ph === 'C' && e.name === 'VF 1 pending bits').map((e) => e.args!.bits);
    expect(pending).toEqual([0, 1, 0]);
    const host = events.filter((e) => e.ph === 'C' && e.name === 'host IRQ vectors in use').map((e) => e.args!.vectors);
    expect(Math.max(...(host as number[]))).toBeGreaterThan(0);
  });
});
