/** The Trace Event Format checker must fail on what Perfetto and chrome://tracing drop or mis-draw. */
import { describe, expect, it } from 'vitest';
import { checkTraceEvents } from '../../../src/analysis/tefCheck.js';

const M = [
  { ph: 'M', pid: 1, name: 'process_name', args: { name: 'p' } },
  { ph: 'M', pid: 1, tid: 1, name: 'thread_name', args: { name: 't' } },
];
const check = (events: object[]) => checkTraceEvents({ traceEvents: [...M, ...events] });
const messages = (events: object[]) => check(events).problems.map((p) => p.message);
const X = (ts: number, dur: number, name = 'x', tid = 1) => ({ ph: 'X', pid: 1, tid, ts, dur, name });

describe('Trace Event Format checker', () => {
  it('accepts a well-formed trace: nested slices, balanced async slices, a bound flow, counters', () => {
    const r = check([
      X(0, 10, 'outer'),
      X(2, 3, 'inner'),
      X(5, 5, 'inner2'),
      { ph: 'b', cat: 'c', id: 1, pid: 1, tid: 1, ts: 0, name: 'a' },
      { ph: 'b', cat: 'c', id: 1, pid: 1, tid: 1, ts: 1, name: 'phase' },
      { ph: 'e', cat: 'c', id: 1, pid: 1, tid: 1, ts: 4, name: 'phase' },
      { ph: 'e', cat: 'c', id: 1, pid: 1, tid: 1, ts: 9, name: 'a' },
      { ph: 's', cat: 'f', id: 7, pid: 1, tid: 1, ts: 3, name: 'flow' },
      { ph: 'f', bp: 'e', cat: 'f', id: 7, pid: 1, tid: 1, ts: 6, name: 'flow' },
      { ph: 'C', pid: 1, ts: 0, name: 'depth', args: { n: 1 } },
      { ph: 'i', s: 'g', pid: 1, tid: 1, ts: 4, name: 'mark' },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.byPhase).toMatchObject({ X: 3, b: 2, e: 2, s: 1, f: 1, M: 2 });
  });

  it('refuses a document that is not a list of events', () => {
    expect(checkTraceEvents({ events: [] }).ok).toBe(false);
    expect(checkTraceEvents(null).problems[0]!.message).toMatch(/traceEvents/);
  });

  it('unknown phases, non-integer pid/tid, negative or missing ts', () => {
    expect(messages([{ ph: 'Q', pid: 1, tid: 1, ts: 0, name: 'q' }])).toEqual([
      expect.stringMatching(/unknown phase "Q"/),
    ]);
    expect(messages([{ ph: 'X', pid: '1', tid: 1, ts: 0, dur: 1, name: 'x' }])[0]).toMatch(/pid must be an integer/);
    expect(messages([{ ph: 'X', pid: 1, tid: 1.5, ts: 0, dur: 1, name: 'x' }])[0]).toMatch(/tid must be an integer/);
    expect(messages([{ ph: 'i', pid: 1, tid: 1, ts: -1, name: 'x' }])[0]).toMatch(/ts must be a finite number >= 0/);
    expect(messages([{ ph: 'i', pid: 1, tid: 1, name: 'x' }])[0]).toMatch(/ts must be/);
  });

  it('complete slices on one thread that overlap without nesting', () => {
    expect(messages([X(0, 10, 'a'), X(5, 10, 'b')])).toEqual([
      expect.stringMatching(/"b": overlaps traceEvents\[2\] "a" .*without nesting/),
    ]);
    // The same intervals on two threads are fine; so is touching end to start.
    expect(messages([X(0, 10, 'a', 1), X(5, 10, 'b', 2)])).toEqual([]);
    expect(messages([X(0, 5, 'a'), X(5, 5, 'b')])).toEqual([]);
  });

  it('B/E that do not balance, or that overlap a complete slice', () => {
    expect(messages([{ ph: 'E', pid: 1, tid: 1, ts: 3 }])[0]).toMatch(/an E with no open B/);
    expect(messages([{ ph: 'B', pid: 1, tid: 1, ts: 3, name: 'open' }])[0]).toMatch(/a B that never ends/);
    const partial = [{ ph: 'B', pid: 1, tid: 1, ts: 0, name: 'be' }, { ph: 'E', pid: 1, tid: 1, ts: 8 }, X(4, 10, 'x')];
    expect(messages(partial)[0]).toMatch(/overlaps .*"be"/);
  });

  it('async slices: an end without a begin, a begin never ended, an end under another name', () => {
    const b = (ts: number, name: string, id = 1) => ({ ph: 'b', cat: 'c', id, pid: 1, tid: 1, ts, name });
    const e = (ts: number, name: string, id = 1) => ({ ph: 'e', cat: 'c', id, pid: 1, tid: 1, ts, name });
    expect(messages([e(1, 'a')])[0]).toMatch(/async end with no open begin/);
    expect(messages([b(1, 'a')])[0]).toMatch(/async begin that never ends/);
    expect(messages([b(0, 'a'), b(1, 'in'), e(2, 'a'), e(3, 'in')])[0]).toMatch(/ends "in" .* under another name/);
    // Same id in another category is another slice.
    expect(messages([b(0, 'a'), { ...e(1, 'a'), cat: 'other' }])).toHaveLength(2);
    expect(messages([{ ph: 'b', cat: 'c', pid: 1, tid: 1, ts: 0, name: 'a' }])[0]).toMatch(/needs an id/);
  });

  it('flows: a start without an end, an end without a start, an end that binds to no slice', () => {
    const s = { ph: 's', cat: 'f', id: 1, pid: 1, tid: 1, ts: 1, name: 'fl' };
    const f = { ph: 'f', bp: 'e', cat: 'f', id: 1, pid: 1, tid: 1, ts: 5, name: 'fl' };
    expect(messages([X(0, 10), s])).toEqual([
      expect.stringMatching(/has 0 ends, expected 1 \(a flow needs both ends\)/),
    ]);
    expect(messages([X(0, 10), f])).toEqual(expect.arrayContaining([expect.stringMatching(/before its start/)]));
    expect(messages([X(0, 2), s, f])).toEqual([
      expect.stringMatching(/\(f "fl"\): binds to no slice on pid\/tid 1\/1 at ts 5/),
    ]);
    // An `f` without bp "e" binds to the next slice that starts at or after it.
    expect(messages([X(0, 2), s, { ...f, bp: undefined }, X(6, 1)])).toEqual([]);
    expect(messages([{ ph: 'X', pid: 1, tid: 1, ts: 0, dur: 1, name: 'a', bind_id: 9, flow_out: true }])[0]).toMatch(
      /no flow_in end/,
    );
  });

  it('metadata with an unknown name or without the argument it needs, counters without numbers', () => {
    expect(messages([{ ph: 'M', pid: 1, tid: 1, name: 'thread_colour', args: {} }])[0]).toMatch(/unknown metadata/);
    expect(messages([{ ph: 'M', pid: 1, tid: 2, name: 'thread_name', args: {} }])[0]).toMatch(/needs args\.name/);
    expect(messages([{ ph: 'M', pid: 1, tid: 2, name: 'thread_sort_index', args: { sort_index: 'a' } }])[0]).toMatch(
      /sort_index/,
    );
    expect(messages([{ ph: 'C', pid: 1, ts: 0, name: 'c', args: { n: 'x' } }])[0]).toMatch(/args of numbers/);
  });

  it('stops listing at the limit but counts every problem', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ ph: 'i', pid: 1, tid: 1, ts: -i - 1, name: 'x' }));
    const r = checkTraceEvents({ traceEvents: many }, 10);
    expect(r.problems).toHaveLength(10);
    expect(r.total).toBe(80);
  });
});
