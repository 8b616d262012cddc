/** `vtwin timeline`: commands, events, violations and settle points in order; what was left outstanding. */
import { describe, expect, it } from 'vitest';
import { describeEntry, describeEvent, entryJson } from '../../../src/analysis/describe.js';
import { timeline, type TimelineEntry, type TimelineOptions } from '../../../src/analysis/timeline.js';
import type { Event } from '../../../src/domain/events.js';
import { open, record } from '../trace/helpers.js';
import { misbehave, stall } from './runs.js';

const w = record(misbehave);
const entries = (bytes: Uint8Array, opts: TimelineOptions = {}) => {
  const out: TimelineEntry[] = [];
  const r = timeline(open(bytes), opts, (e) => void out.push(e));
  return { out, r };
};
const events = (opts: TimelineOptions) =>
  entries(w.bytes, opts).out.flatMap((e) => (e.kind === 'event' ? [e.event] : []));

describe('timeline: what happened, in order', () => {
  it('interleaves each command before its events, and every violation and settle point of the run', () => {
    const { out } = entries(w.bytes);
    expect(out.filter((e) => e.kind === 'event')).toHaveLength(w.events.length);
    expect(out.filter((e) => e.kind === 'command').map((e) => e.kind === 'command' && e.index)).toEqual(
      w.commands.map((c) => c.index),
    );
    // Every event comes after the command that caused it.
    let lastCommand = -1;
    for (const e of out) {
      if (e.kind === 'command') lastCommand = e.index;
      if (e.kind === 'event') expect(e.event.cause).toBe(lastCommand);
    }
    const violations = out.flatMap((e) => (e.kind === 'violation' ? [e] : []));
    expect(violations.map((v) => v.violation.rule)).toEqual(w.engine.violations.map((v) => v.rule));
    expect(violations[0]!.section).toMatch(/virtio 1\.4 §/);
    expect(out.filter((e) => e.kind === 'settle')).toHaveLength(2);
  });

  it('a violation line names the rule, the actor, the seq and the section', () => {
    const v = entries(w.bytes).out.find((e) => e.kind === 'violation')!;
    const line = describeEntry(v);
    expect(line).toMatch(/VIOLATION driver\.aq\.\S+ by pf-driver at seq \d+ \(virtio 1\.4 §[^)]*\): \S/);
  });

  it('lists the command that never completed in a stall, with its phase', () => {
    const s = record(stall, { device: { totalVFs: 4, profile: 'stall-across-disable' } });
    const { out, r } = entries(s.bytes);
    expect(r.outstanding).toHaveLength(1);
    expect(r.outstanding[0]).toMatchObject({ tag: 'stuck', phase: 'submitted', q: 0 });
    expect(out.some((e) => e.kind === 'violation' && e.violation.rule === 'device.aq.all-complete-at-settle')).toBe(
      true,
    );
    // A conforming run leaves nothing outstanding.
    expect(entries(w.bytes).r.outstanding).toEqual([]);
  });

  it('--to ends the timeline early and lists what was outstanding at that point', () => {
    const submit = w.events.find((e) => e.type === 'aq/submitted' && e.tag === 'vf2')!;
    const { r } = entries(w.bytes, { to: submit.seq });
    expect(r.endSeq).toBe(submit.seq);
    expect(r.outstanding.map((c) => c.tag)).toEqual(['vf2']);
  });
});

describe('timeline filters', () => {
  it('--vf keeps events of that function: its fn, its member, its admin commands by cid', () => {
    const vf2 = events({ vf: 2 });
    const cid = w.events.find((e) => e.type === 'aq/submitted' && e.tag === 'vf2')!;
    const adminTypes = vf2.filter((e) => e.type.startsWith('aq/') || e.type === 'sched/picked').map((e) => e.type);
    expect(adminTypes).toEqual([
      'aq/submitted',
      'sched/picked',
      'aq/started',
      'sched/picked',
      'aq/completed',
      'sched/picked',
      'aq/reaped',
    ]);
    const withCid = vf2.filter((e) => 'cid' in e);
    expect(withCid.every((e) => (e as { cid: number }).cid === (cid as { cid: number }).cid)).toBe(true);
    const others = vf2.filter((e) => !e.type.startsWith('aq/') && e.type !== 'sched/picked');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((e) => [2, -1].includes((e as { fn?: number }).fn as number))).toBe(true);
    const cid3 = (w.events.find((e) => e.type === 'aq/submitted' && e.tag === 'vf3') as { cid: number }).cid;
    expect(vf2.some((e) => (e as { cid?: number }).cid === cid3)).toBe(false);
  });

  it('--vf shows the commands behind the shown events, and no other', () => {
    const { out } = entries(w.bytes, { vf: 2 });
    const shownCauses = new Set(out.flatMap((e) => (e.kind === 'event' ? [e.event.cause] : [])));
    const commands = out.flatMap((e) => (e.kind === 'command' ? [e.index] : []));
    expect(new Set(commands)).toEqual(shownCauses);
    expect(commands.length).toBeLessThan(w.commands.length);
  });

  it('--from and --to bound the seq range, inclusive', () => {
    expect(events({ from: 3, to: 6 }).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
  });
});

describe('timeline text and JSON', () => {
  it('one line per event, with spec names for statuses and opcodes', () => {
    const done = w.events.find((e) => e.type === 'aq/completed')!;
    const re =
      /^\s+\d+ {2}t=\d+\s+#\d+\s+aq\/completed\s+q=0 cid=\d+ status=OK qualifier=OK result=[0-9a-f]+ usedLen=\d+$/;
    expect(describeEvent(done)).toMatch(re);
    const sub = w.events.find((e) => e.type === 'aq/submitted')!;
    expect(describeEvent(sub)).toContain('opcode=LIST_QUERY groupType=SRIOV');
  });

  it('JSON entries carry spec names with the numbers under `codes`', () => {
    const done = w.events.find((e) => e.type === 'aq/completed') as Event & { status: number };
    const j = entryJson({ kind: 'event', event: done });
    expect(j).toMatchObject({
      kind: 'event',
      type: 'aq/completed',
      status: 'OK',
      qualifier: 'OK',
      codes: { status: 0, qualifier: 0 },
    });
    const use = w.events.find((e) => e.type === 'aq/inUseSet')!;
    expect(entryJson({ kind: 'event', event: use })).toMatchObject({
      groupType: 'SRIOV',
      opcodes: ['LIST_QUERY'],
      codes: { opcodes: [0] },
    });
    // Codes are named only where they are codes: a VF's device status stays a number.
    const other = { type: 'legacy/statusWritten', fn: 1, value: 7, seq: 0, tick: 0, cause: 0 } as unknown as Event;
    expect(entryJson({ kind: 'event', event: other })).not.toHaveProperty('codes');
  });
});
