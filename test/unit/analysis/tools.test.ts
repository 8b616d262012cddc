/** The analysis behind `check`, `blame` and `diff`, over recorded traces (timeline, export: their own files). */
import { describe, expect, it } from 'vitest';
import { blame, changesOf, describeChanges } from '../../../src/analysis/blame.js';
import { checkTrace } from '../../../src/analysis/check.js';
import { diffTraces } from '../../../src/analysis/traceDiff.js';
import type { EventOf } from '../../../src/domain/events.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import type { Rule } from '../../../src/rules/framework.js';
import { open, record, workload } from '../trace/helpers.js';
import { misbehave } from './runs.js';

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

describe('blame: before → after, readable', () => {
  it('a container shows only its changed keys, and "absent" for a key that did not exist', () => {
    const w = record(misbehave);
    const r = blame(open(w.bytes), 'aq.queues[0]');
    const started = r.entries.find((e) => e.event.type === 'aq/started')!;
    const cid = (started.event as EventOf<'aq/started'>).cid;
    expect(started.changed).toEqual([{ path: 'busy', kind: 'changed', before: -1, after: cid }]);
    const submitted = r.entries.find((e) => e.event.type === 'aq/submitted')!;
    const text = describeChanges(submitted.changed, submitted.changedTotal);
    expect(text).toMatch(/^pending\[\d+\]: absent → \d+$/);
  });

  it('a value that appears reads "absent → …", one that goes away "… → absent"', () => {
    const came = changesOf(undefined, { a: 1 });
    expect(describeChanges(came.changed, came.changedTotal)).toBe('absent → {"a":1}');
    const went = changesOf({ a: 1, b: 2 }, { a: 1 });
    expect(describeChanges(went.changed, went.changedTotal)).toBe('b: 2 → absent');
  });

  it('two long strings that differ late are cut where they differ, never shown as the same text', () => {
    const a = '0'.repeat(200) + 'aa';
    const b = '0'.repeat(200) + 'bb';
    const c = changesOf(a, b);
    const [left, right] = describeChanges(c.changed, c.changedTotal).split(' → ');
    expect(left).not.toBe(right);
    expect(left).toContain('aa');
    expect(right).toContain('bb');
  });

  it('many changed keys are capped with a count of the rest', () => {
    const before = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i + 1]));
    const c = changesOf(before, after);
    expect(c.changedTotal).toBe(20);
    expect(describeChanges(c.changed, c.changedTotal)).toMatch(/; … and 12 more$/);
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
