import { describe, expect, it } from 'vitest';
import { itemKey } from '../../../src/domain/items.js';
import { engine, submit } from '../../helpers.js';

/** Two VFs' guest accesses and admin commands on two queues: a menu of several items at once. */
function busy(seed: number) {
  const e = engine({ adminQueues: 2, totalVFs: 4 }, seed);
  e.execute({ op: 'sriov.enable', numVFs: 4 });
  for (let i = 0; i < 4; i++) submit(e, `t${i}`, { opcode: 'LIST_QUERY' }, { queue: i % 2 });
  for (let fn = 1; fn <= 2; fn++) e.execute({ op: 'guest.io.read', fn, offset: 18, size: 1, tag: `r${fn}` });
  return e;
}

describe('Engine.runReady: a device.run picked from a menu listed just now', () => {
  it('produces exactly the events execute produces for the same device.run, menu size included', () => {
    const a = busy(3);
    const b = busy(3);
    let picks = 0;
    for (;;) {
      const ready = a.ready();
      if (ready.length === 0) break;
      // Always the last item: a different choice from the first, so the menu is really consulted.
      const item = ready[ready.length - 1]!;
      a.runReady(item, ready);
      b.execute({ op: 'device.run', item: b.ready().find((r) => itemKey(r) === itemKey(item))! });
      picks++;
    }
    expect(picks).toBeGreaterThan(6);
    expect(JSON.stringify(a.log)).toBe(JSON.stringify(b.log));
    const menus = a.log.filter((e) => e.type === 'sched/picked').map((e) => (e as { ready: number }).ready);
    expect(Math.max(...menus)).toBeGreaterThan(2);
  });

  it('counts the whole menu in sched/picked even when step() is filtered to part of it', () => {
    const e = busy(1);
    const before = e.ready().length;
    const item = e.step((i) => i.kind === 'mapper.issue');
    expect(item?.kind).toBe('mapper.issue');
    const picked = e.log.filter((x) => x.type === 'sched/picked').at(-1) as { item: string; ready: number };
    expect(picked).toMatchObject({ item: itemKey(item!), ready: before });
    expect(before).toBeGreaterThan(1);
  });
});

describe('itemKey', () => {
  it('names per-function and per-queue items the same way every time, whatever the number', () => {
    const issue = (fn: number) => itemKey({ kind: 'mapper.issue', fn, tag: '' });
    expect([issue(3), issue(3), issue(70000), issue(1.5)]).toEqual(
      ['mapper.issue:f3', 'mapper.issue:f3', 'mapper.issue:f70000', 'mapper.issue:f1.5']);
    expect([itemKey({ kind: 'aq.reap', q: 3 }), itemKey({ kind: 'host.resize', fn: 3 }),
      itemKey({ kind: 'mapper.abort', fn: 3, tag: 't' })]).toEqual(['aq.reap:q3', 'host.resize:f3', 'mapper.abort:f3']);
  });
});
