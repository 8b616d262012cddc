/** The analysis behind `check`, `blame`, `timeline`, `export` and `diff`, over recorded traces. */
import { describe, expect, it } from 'vitest';
import { blame } from '../../../src/analysis/blame.js';
import { checkTrace } from '../../../src/analysis/check.js';
import { exportPerfetto } from '../../../src/analysis/perfetto.js';
import { describeEvent, timeline } from '../../../src/analysis/timeline.js';
import { diffTraces } from '../../../src/analysis/traceDiff.js';
import type { Event } from '../../../src/domain/events.js';
import type { Engine } from '../../../src/engine/engine.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import type { Rule } from '../../../src/rules/framework.js';
import { open, record, workload } from '../trace/helpers.js';

type Submitted = Extract<Event, { type: 'aq/submitted' }>;

/** LIST_USE (dropping LIST_USE itself) while another command is in flight (a driver rule), then commands to VFs 2 and
 * 3. */
function misbehave(e: Engine): void {
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  e.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
  e.execute({ op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', opcodes: [0] } });
  e.settle();
  e.execute({ op: 'aq.submit', tag: 'vf2', cmd: { opcode: 'LIST_QUERY', member: 2 } });
  e.execute({ op: 'aq.submit', tag: 'vf3', cmd: { opcode: 'LIST_QUERY', member: 3 } });
  e.settle();
}

describe('check: the rules re-run over a recording', () => {
  it('find exactly the violations the run had, judging liveness at the settle points the recorder kept', () => {
    const w = record(misbehave);
    expect(w.engine.violations.length).toBeGreaterThan(0);
    const r = checkTrace(open(w.bytes));
    expect(r.violations).toEqual(w.engine.violations);
    expect(r.added).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.liveness).toBe('recorded-settles');
  });

  it('report what a new rule finds in an old recording, and what a dropped rule no longer does', () => {
    const w = record(misbehave);
    const everyReap: Rule = { id: 'test.every-reap', actor: 'pf-driver', section: 'test', kind: 'safety',
      description: 'flags every reap', on: ['aq/reaped'], after: (_s, _e, _m, report) => report('reaped') };
    const r = checkTrace(open(w.bytes), [everyReap]);
    const reaps = w.events.filter((e) => e.type === 'aq/reaped').map((e) => e.seq);
    expect(r.added.map((v) => v.seq)).toEqual(reaps);
    expect(r.missing.map((v) => v.rule).sort()).toEqual(w.engine.violations.map((v) => v.rule).sort());
  });

  it('give no liveness verdict on a run cut while work was outstanding', () => {
    const w = record((e) => e.execute({ op: 'aq.submit', tag: 'stuck', cmd: { opcode: 'LIST_QUERY' } }));
    const r = checkTrace(open(w.bytes), ALL_RULES);
    expect(r.liveness).toBe('not-checked');
    expect(r.violations).toEqual([]);
  });
});

describe('blame', () => {
  it('names the event that set a value, its command and the submission behind device work', () => {
    const w = record(misbehave);
    const r = blame(open(w.bytes), 'aq.inUse[1]');
    expect(r.value).toEqual([0]);
    expect(r.changes).toBe(1);
    const [entry] = r.entries;
    expect(entry!.event.type).toBe('aq/inUseSet');
    expect(entry!.command!.cmd.op).toBe('device.run');
    expect(entry!.origin!.cmd).toMatchObject({ op: 'aq.submit', tag: 'use' });
    // Before: the in-use set Linux leaves after probe (every supported opcode); after: [0].
    expect(entry!.before).toEqual(expect.arrayContaining([0, 1]));
    expect(entry!.after).toEqual([0]);
  });

  it('stops at --at and reports an untouched value as initial', () => {
    const w = record(misbehave);
    const r = blame(open(w.bytes), 'fns[2].life.incarnation', { at: 0 });
    expect(r.changes).toBe(1);
    expect(r.entries[0]!.event.type).toBe('sriov/enabled');
    expect(blame(open(w.bytes), 'fns[0].life.incarnation').changes).toBe(0);
    expect(() => blame(open(w.bytes), 'aq.nope')).toThrow(/no "nope" under aq/);
  });
});

describe('timeline', () => {
  const w = record(misbehave);
  const lines = (opts: Parameters<typeof timeline>[1]) => {
    const out: Event[] = [];
    timeline(open(w.bytes), opts, (e) => void out.push(e));
    return out;
  };

  it('--vf keeps events of that function: its fn, its member, its admin commands by cid', () => {
    const vf2 = lines({ vf: 2 });
    const cid = w.events.find((e): e is Submitted => e.type === 'aq/submitted' && e.tag === 'vf2')!.cid;
    // The admin command to VF 2, start to reap, with the scheduler picks that ran it.
    const adminTypes = vf2.filter((e) => e.type.startsWith('aq/') || e.type === 'sched/picked').map((e) => e.type);
    expect(adminTypes).toEqual(['aq/submitted', 'sched/picked', 'aq/started', 'sched/picked', 'aq/completed',
      'sched/picked', 'aq/reaped']);
    const withCid = vf2.filter((e) => 'cid' in e);
    expect(withCid.length).toBeGreaterThan(0);
    expect(withCid.every((e) => (e as { cid: number }).cid === cid)).toBe(true);
    // Everything else shown is VF 2's own state or touches every function.
    const others = vf2.filter((e) => !e.type.startsWith('aq/') && e.type !== 'sched/picked');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((e) => [2, -1].includes((e as { fn?: number }).fn as number))).toBe(true);
    // And no event of VF 3's command.
    const cid3 = w.events.find((e): e is Submitted => e.type === 'aq/submitted' && e.tag === 'vf3')!.cid;
    expect(vf2.some((e) => (e as { cid?: number }).cid === cid3)).toBe(false);
    expect(lines({ vf: 3 }).some((e) => e.type === 'aq/submitted' && e.tag === 'vf3')).toBe(true);
  });

  it('--from and --to bound the seq range, inclusive', () => {
    expect(lines({ from: 3, to: 6 }).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
  });

  it('one line per event, with spec names for statuses and opcodes', () => {
    const done = w.events.find((e) => e.type === 'aq/completed')!;
    expect(describeEvent(done)).toMatch(
      /^\s+\d+ {2}t=\d+\s+#\d+\s+aq\/completed\s+q=0 cid=\d+ status=OK qualifier=OK result=[0-9a-f]+ usedLen=\d+$/);
    const sub = w.events.find((e) => e.type === 'aq/submitted')!;
    expect(describeEvent(sub)).toContain('opcode=LIST_QUERY groupType=SRIOV');
  });
});

describe('perfetto export', () => {
  it('is one JSON document: a slice per admin command on its queue track, a flow from submission to completion', () => {
    const w = record(misbehave);
    let text = '';
    exportPerfetto(open(w.bytes), (t) => (text += t));
    const doc = JSON.parse(text) as { traceEvents: { ph: string; id?: number; tid: number; dur?: number;
      name: string }[] };
    const ev = doc.traceEvents;
    const submitted = w.events.filter((e) => e.type === 'aq/submitted').length;
    expect(ev.filter((e) => e.ph === 's')).toHaveLength(submitted);
    expect(ev.filter((e) => e.ph === 'f').map((e) => e.id).sort()).toEqual(
      ev.filter((e) => e.ph === 's').map((e) => e.id).sort());
    const names = ev.filter((e) => e.ph === 'M'
      && e.name === 'thread_name').map((e) => (e as unknown as { args: { name: string } }).args.name);
    expect(names).toEqual(expect.arrayContaining(['device core', 'PF (fn 0)', 'VF 2', 'VF 3', 'admin queue 0']));
    const slices = ev.filter((e) => e.ph === 'X' && e.tid === 1_000_000);
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.every((e) => e.dur! >= 1)).toBe(true);
  });
});

describe('diff of two traces', () => {
  it('identical runs are identical', () => {
    const r = diffTraces(open(workload(800).bytes), open(workload(800).bytes));
    expect(r.identical).toBe(true);
    expect(r.common.events).toBeGreaterThanOrEqual(800);
  });

  it('finds the first differing event and shows both states after its command', () => {
    const a = record(misbehave);
    const b = record((e) => {
      e.execute({ op: 'sriov.enable', numVFs: 3 });
      e.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
    });
    const r = diffTraces(open(a.bytes), open(b.bytes));
    expect(r.identical).toBe(false);
    expect(r.difference!.seq).toBe(0);
    expect(r.difference!.kind).toBe('command');
    expect(r.difference!.recordDiff.entries).toEqual([{ path: 'cmd.numVFs', kind: 'changed', a: 4, b: 3 }]);
    expect(r.difference!.stateDiff.entries.map((x) => x.path)).toEqual(
      expect.arrayContaining(['fns[4].life.alive', 'sriov.numVFs']));
  });

  it('a trace that stops early differs where it ends, and header differences are listed', () => {
    const a = workload(800, { seed: 1 });
    const b = record((e) => {
      e.execute({ op: 'sriov.enable', numVFs: 4 });
    }, { seed: 1 });
    const r = diffTraces(open(a.bytes), open(b.bytes));
    expect(r.difference!.kind).toBe('length');
    expect(r.header.entries.map((x) => x.path)).toEqual([]);
  });
});
