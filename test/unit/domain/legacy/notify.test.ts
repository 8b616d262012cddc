import { describe, expect, it } from 'vitest';
import { ruleIds } from '../../../helpers.js';
import { bringUp, eventsOf, legacyWrite, vfEngine, type LogEngine } from '../../../legacyHelpers.js';

const kickCfg = (e: LogEngine, fn: number, q: number) => legacyWrite(e, fn, 16, q.toString(16).padStart(2, '0') + '00');

describe('queue notify has a visible effect (Legacy Interface: Legacy Driver Notification)', () => {
  it('uses every available buffer of a live queue and raises the queue interrupt on the ISR with MSI-X off', () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 3 });
    kickCfg(e, 1, 0);
    expect(e.state.fns[1]!.legacy.queues[0]).toMatchObject({ avail: 0, used: 3 });
    expect(e.state.fns[1]!.msix.isr & 1).toBe(1);
    expect(ruleIds(e)).toEqual([]);
  });

  it('delivers on the queue\'s MSI-X vector when MSI-X is on and the vector is unmasked', () => {
    const e = vfEngine();
    e.execute({ op: 'msix.enable', fn: 1 });
    e.execute({ op: 'msix.unmask', fn: 1, vector: 2 });
    bringUp(e, 1);
    legacyWrite(e, 1, 22, '0200');
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 1 });
    kickCfg(e, 1, 0);
    expect(eventsOf(e, 'msix/delivered').filter((d) => d.fn === 1)).toMatchObject([{ vector: 2, source: 0 }]);
    expect(e.state.fns[1]!.msix.isr).toBe(0);
  });

  it.each([
    ['a queue that does not exist', (e: LogEngine) => kickCfg(e, 1, 7), /does not exist/],
    ['a queue without a PFN', (e: LogEngine) => kickCfg(e, 1, 1), /no PFN/],
  ])('records a notify to %s as ignored', (_what, kick, reason) => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 1, count: 2 });
    kick(e);
    expect(eventsOf(e, 'legacy/notifyIgnored')[0]!.reason).toMatch(reason);
    expect(e.state.fns[1]!.legacy.queues[1]!.avail).toBe(2);
  });

  it('uses no buffers before DRIVER_OK ("Device Status Field")', () => {
    const e = vfEngine();
    legacyWrite(e, 1, 8, '01000000');
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 2 });
    kickCfg(e, 1, 0);
    expect(eventsOf(e, 'legacy/notifyIgnored')[0]!.reason).toMatch(/DRIVER_OK/);
    expect(e.state.fns[1]!.legacy.queues[0]!.used).toBe(0);
  });

  it('acts on a write to the member notification address exactly as on a Queue Notify write', () => {
    const viaCfg = vfEngine();
    const viaAddr = vfEngine();
    for (const e of [viaCfg, viaAddr]) {
      bringUp(e, 2);
      e.execute({ op: 'guest.queue.add', fn: 2, queue: 0, count: 4 });
    }
    kickCfg(viaCfg, 2, 0);
    viaAddr.execute({ op: 'notify.write', fn: 2, bar: 2, offset: 0x1000, value: 0 });
    expect(viaAddr.state.fns[2]!.legacy).toEqual(viaCfg.state.fns[2]!.legacy);
    expect(viaAddr.state.fns[2]!.msix.isr).toBe(viaCfg.state.fns[2]!.msix.isr);
    expect(ruleIds(viaAddr)).toEqual([]);
  });

  it('routes an owner-BAR notification address to VF n at offset + (n - 1) * stride', () => {
    const e = vfEngine();
    bringUp(e, 3);
    e.execute({ op: 'guest.queue.add', fn: 3, queue: 0, count: 1 });
    e.execute({ op: 'notify.write', fn: 0, bar: 4, offset: 0x2000 + 2 * 4, value: 0 });
    expect(e.state.fns[3]!.legacy.queues[0]!.used).toBe(1);
    expect(ruleIds(e)).toEqual([]);
  });

  it('ignores a write to an address that is no notification address', () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 1 });
    e.execute({ op: 'notify.write', fn: 1, bar: 2, offset: 0x1002, value: 0 });
    e.execute({ op: 'notify.write', fn: 1, bar: 3, offset: 0x1000, value: 0 });
    expect(eventsOf(e, 'legacy/notifyMissed')).toHaveLength(2);
    expect(e.state.fns[1]!.legacy.queues[0]!.avail).toBe(1);
    expect(ruleIds(e)).toEqual([]);
  });

  it('has no notification addresses when the device lacks LEGACY_NOTIFY_INFO', () => {
    const e = vfEngine({ legacyNotifyInfo: false });
    bringUp(e, 1);
    e.execute({ op: 'notify.write', fn: 1, bar: 2, offset: 0x1000, value: 0 });
    expect(eventsOf(e, 'legacy/notifyMissed')).toHaveLength(1);
  });

  it('raises a config interrupt when the device sets DEVICE_NEEDS_RESET on a running VF', () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'device.needsReset', fn: 1 });
    expect(e.state.fns[1]!.msix.isr & 2).toBe(2);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 1 });
    kickCfg(e, 1, 0);
    expect(eventsOf(e, 'legacy/notifyIgnored')[0]!.reason).toMatch(/reset/);
  });

  it('refuses guest and device ops on a VF that does not exist', () => {
    const e = vfEngine({}, 2);
    e.execute({ op: 'guest.queue.add', fn: 3, queue: 0 });
    e.execute({ op: 'device.needsReset', fn: 0 });
    expect(eventsOf(e, 'legacy/refused').map((r) => r.fn)).toEqual([3, 0]);
  });
});
