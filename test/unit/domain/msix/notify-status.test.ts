/**
 * The conforming device and the device status (virtio 1.4 §2.1 Device Status Field, device
 * requirements; virtio 1.4 §2.4 Device Reset; docs/ambiguities.md#a19-notifications-before-driver_ok):
 * no used-buffer notification before DRIVER_OK, none at all while the status is 0 after a reset.
 * A `device.notify` the device may not send is refused (EPERM) and changes nothing; the profile
 * notify-before-driver-ok sends it and device.irq.no-notify-before-driver-ok names the device.
 */
import { describe, expect, it } from 'vitest';
import { VIRTIO_MMIO_STATUS } from '../../../../src/domain/spec/mmio.js';
import { engine, ruleIds, run, submit } from '../../../helpers.js';

const types = (e: ReturnType<typeof engine>, from: number) => e.log.slice(from).map((x) => x.type);

describe('virtio 1.4 §2.1 Device Status Field: no used-buffer notification before DRIVER_OK', () => {
  it('device.notify on a VF at status 0 is refused with EPERM, sets no ISR bit, and no rule fires', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 1 });
    const ev = e.execute({ op: 'device.notify', fn: 1, queue: 0 });
    expect(ev).toEqual([expect.objectContaining({ type: 'irq/refused', fn: 1, errno: 'EPERM',
      reason: expect.stringContaining('no used-buffer notification before it') })]);
    expect(e.state.fns[1]!.msix.isr).toBe(0);
    expect(ruleIds(e)).toEqual([]);
  });

  it('is refused while the VF driver is still initialising (ACKNOWLEDGE | DRIVER | FEATURES_OK), sent at DRIVER_OK',
      () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 1 }, { op: 'vf.status', fn: 1, value: 11 });
    expect(e.execute({ op: 'device.notify', fn: 1, queue: 0 })[0]!.type).toBe('irq/refused');
    run(e, { op: 'vf.status', fn: 1, value: 15 });
    const n = e.log.length;
    run(e, { op: 'device.notify', fn: 1, queue: 0 });
    expect(types(e, n)).toEqual(['irq/raised', 'isr/set']);
    expect(ruleIds(e)).toEqual([]);
  });

  it('the PF at DRIVER_OK (as its probe leaves it) is notified; after pf.reset it is not, until pf.init', () => {
    const e = engine();
    expect(e.execute({ op: 'device.notify', fn: 0, queue: 0 })[0]!.type).toBe('irq/raised');
    run(e, { op: 'pf.reset' });
    expect(e.execute({ op: 'device.configChange', fn: 0 })[0]!.type).toBe('irq/refused');
    run(e, { op: 'pf.init' });
    expect(e.execute({ op: 'device.configChange', fn: 0 })[0]!.type).toBe('irq/raised');
    expect(ruleIds(e)).toEqual([]);
  });

  it('an admin completion while the PF lacks DRIVER_OK (its driver cleared it) raises no interrupt', () => {
    const e = engine();
    submit(e, 'q', { opcode: 'LIST_QUERY' });
    run(e, { op: 'pf.status', value: 3 });
    e.settle();
    expect(e.log.some((x) => x.type === 'aq/completed')).toBe(true);
    expect(e.log.some((x) => x.type === 'irq/raised')).toBe(false);
    expect(ruleIds(e)).toEqual([]);
  });
});

describe('virtio 1.4 §2.4 Device Reset: no notification at status 0; configuration changes once the driver began',
    () => {
  it('device.configChange at status 0 is refused; at ACKNOWLEDGE it sets ISR bit 1; a VF reset stops it again', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 1 });
    expect(e.execute({ op: 'device.configChange', fn: 1 })[0]).toMatchObject({ type: 'irq/refused', errno: 'EPERM' });
    run(e, { op: 'vf.status', fn: 1, value: 1 }, { op: 'device.configChange', fn: 1 });
    expect(e.state.fns[1]!.msix.isr).toBe(2);
    run(e, { op: 'vf.status', fn: 1, value: 0 });
    expect(e.state.fns[1]!.legacy.status).toBe(0);
    expect(e.execute({ op: 'device.configChange', fn: 1 })[0]!.type).toBe('irq/refused');
  });

  it('DEVICE_NEEDS_RESET before DRIVER_OK sets the bit without a notification; at DRIVER_OK it notifies', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 }, { op: 'vf.status', fn: 2, value: 15 });
    expect(e.execute({ op: 'device.needsReset', fn: 1 }).map((x) => x.type)).toEqual(['legacy/needsReset']);
    expect(e.execute({ op: 'device.needsReset', fn: 2 }).map((x) => x.type)).toEqual(
      ['legacy/needsReset', 'irq/raised', 'isr/set']);
  });

  it('the mmio device follows its Status register the same way', () => {
    const e = engine({ mmio: { queues: 1, msi: false } });
    expect(e.execute({ op: 'mmio.configChange' })[0]).toMatchObject({ type: 'mmio/refused', errno: 'EPERM' });
    run(e, { op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: 3 });
    expect(e.execute({ op: 'mmio.notify', queue: 0 })[0]!.type).toBe('mmio/refused');
    expect(e.execute({ op: 'mmio.configChange' })[0]!.type).toBe('mmio/raised');
    run(e, { op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: 15 });
    expect(e.execute({ op: 'mmio.notify', queue: 0 })[0]!.type).toBe('mmio/raised');
    expect(ruleIds(e)).toEqual([]);
  });
});

describe('profile notify-before-driver-ok', () => {
  it('notifies anyway, and device.irq.no-notify-before-driver-ok names the device for each', () => {
    const e = engine({ profile: 'notify-before-driver-ok', mmio: { queues: 1 } });
    run(e, { op: 'sriov.enable', numVFs: 1 }, { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'device.configChange', fn: 1 }, { op: 'mmio.notify', queue: 0 });
    expect(e.state.fns[1]!.msix.isr).toBe(3);
    expect(e.violations.map((v) => [v.rule, v.actor])).toEqual([
      ['device.irq.no-notify-before-driver-ok', 'device'],
      ['device.irq.no-notify-before-driver-ok', 'device'],
      ['device.irq.no-notify-before-driver-ok', 'device'],
    ]);
  });
});
