import { describe, expect, it } from 'vitest';
import type { DeviceConfigInput } from '../../src/domain/config.js';
import { itemActor } from '../../src/domain/items.js';
import { rig, type IrqRig } from './irq-helpers.js';

/** VF `fn` bound to vfio-pci (a guest's), MSI-X enabled, queue q -> vector q, its driver at DRIVER_OK. */
function guestVf(r: IrqRig, fn = 1, numVFs = 2): void {
  r.run({ op: 'sriov.enable', numVFs });
  for (let i = 1; i <= numVFs; i++) r.run({ op: 'vf.bind', fn: i, driver: 'vfio-pci' });
  r.run({ op: 'msix.enable', fn }, { op: 'vector.map', fn, queue: 0, vector: 0 },
    { op: 'vector.map', fn, queue: 1, vector: 1 }, { op: 'vf.status', fn, value: 15 });
}

function exhausted(device: DeviceConfigInput): IrqRig {
  const r = rig({ hostIrqBudget: 1, ...device });
  guestVf(r);
  r.run({ op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'device.notify', fn: 1, queue: 1 },
    { op: 'msix.unmask', fn: 1, vector: 1 });
  return r;
}

describe('host IRQ budget exhausted at a guest unmask (hostExhaustion)', () => {
  it('"stop-guest" stops the guest with a reason; its later accesses are refused', () => {
    const r = exhausted({ hostExhaustion: 'stop-guest' });
    const f = r.engine.state.fns[1]!;
    expect(f.host.stopped).toMatch(/exhausted \(1\/1 in use\).*vector 1/);
    const ev = r.run({ op: 'msix.mask', fn: 1, vector: 0 });
    expect(ev[0]).toMatchObject({ type: 'irq/refused', reason: expect.stringContaining('stopped') });
    r.engine.settle();
    expect(r.rules()).toEqual([]);
  });

  it('"report-error" keeps the vector masked, so the raised interrupt stays pending instead of vanishing', () => {
    const r = exhausted({ hostExhaustion: 'report-error' });
    const f = r.engine.state.fns[1]!;
    expect(f.host.stopped).toBe('');
    expect(r.pending(1, 1)).toBe(true);
    expect(r.delivered(1, 1)).toBe(0);
    r.engine.settle();
    expect(r.rules()).toEqual([]);
  });

  it('"silent" (QEMU today) unmasks a vector that never fires: the pending interrupt is lost and a rule flags it',
      () => {
    const r = exhausted({ hostExhaustion: 'silent' });
    expect(r.delivered(1, 1)).toBe(0);
    expect(r.pending(1, 1)).toBe(false);
    expect(r.lost(1, 1)).toBe(1);
    expect(r.rules()).toEqual(['host.vfio.no-silent-vector']);
  });

  it('the budget is shared by all VFs, and an unbind gives the vectors back', () => {
    const r = rig({ hostIrqBudget: 2, hostExhaustion: 'report-error' });
    guestVf(r, 1);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'msix.unmask', fn: 1, vector: 1 });
    expect(r.engine.state.host.used).toBe(2);
    r.run({ op: 'msix.enable', fn: 2 });
    const fail = r.run({ op: 'msix.unmask', fn: 2, vector: 0 });
    expect(fail.map((e) => e.type)).toEqual(['host/requestFailed', 'host/errorReported']);
    r.run({ op: 'vf.unbind', fn: 1 });
    expect(r.engine.state.host.used).toBe(0);
    const ok = r.run({ op: 'msix.unmask', fn: 2, vector: 0 });
    expect(ok.map((e) => e.type)).toEqual(['host/irqRequested', 'msix/masked']);
  });
});

describe('growing a guest\'s vectors (hostResize)', () => {
  function grow(mode: 'dynamic' | 'disable-reenable'): IrqRig {
    const r = rig({ hostResize: mode });
    guestVf(r);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'device.notify', fn: 1, queue: 0 });
    r.run({ op: 'msix.unmask', fn: 1, vector: 1, tag: 'grow' });
    // The device interrupts on the already active vector 0 before the host is done.
    r.run({ op: 'device.notify', fn: 1, queue: 0 });
    r.engine.settle();
    r.run({ op: 'device.notify', fn: 1, queue: 1 });
    return r;
  }

  it('disable/re-enable (NORESIZE) loses the interrupt raised on an active vector in the window; the rule names the ' +
      'host', () => {
    const r = grow('disable-reenable');
    expect(r.delivered(1, 0)).toBe(1);
    expect(r.lost(1, 0)).toBe(1);
    expect(r.delivered(1, 1)).toBe(1);
    expect(r.rules()).toEqual(['host.vfio.resize-loses-nothing']);
    expect(r.engine.violations[0]!.actor).toBe('host');
  });

  it('dynamic MSI-X adds the vector while enabled and loses nothing', () => {
    const r = grow('dynamic');
    expect(r.delivered(1, 0)).toBe(2);
    expect(r.delivered(1, 1)).toBe(1);
    expect(r.rules()).toEqual([]);
  });

  it('the resize window is host work the scheduler runs, tagged by the unmask', () => {
    const r = rig({ hostResize: 'disable-reenable' });
    guestVf(r);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'msix.unmask', fn: 1, vector: 2, tag: 'g' });
    const ready = r.engine.ready();
    expect(ready).toEqual([{ kind: 'host.resize', fn: 1, tag: 'g' }]);
    expect(itemActor(ready[0]!)).toBe('host');
    // The new entry stays masked until the host finishes.
    expect(r.engine.state.fns[1]!.msix.mask[0]! & 0b100).toBe(0b100);
    r.engine.step();
    expect(r.engine.state.fns[1]!.msix.mask[0]! & 0b100).toBe(0);
    expect(r.engine.state.fns[1]!.host.alloc[0]).toBe(0b111);
    expect(r.engine.state.host.resizing).toEqual([]);
  });
});

describe('IMS entries with a PASID (the 2021 VFIO/IMS flow)', () => {
  it('enable allocates every entry with the default PASID, unmask starts it, a PASID request updates it', () => {
    const r = rig({ hostIms: true, hostDefaultPasid: 7, vfMsixVectors: 4 });
    guestVf(r);
    const h = () => r.engine.state.fns[1]!.host;
    expect(h().pasid).toEqual([7, 7, 7, 7]);
    expect(h().imsPasid).toEqual([-1, -1, -1, -1]);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 });
    expect(h().imsPasid[0]).toBe(7);
    r.run({ op: 'host.setPasid', fn: 1, vector: 1, pasid: 42 }, { op: 'msix.unmask', fn: 1, vector: 1 });
    expect(h().imsPasid[1]).toBe(42);
    r.run({ op: 'host.setPasid', fn: 1, vector: 0, pasid: 9 });
    expect(h().imsPasid[0]).toBe(9);
    expect(r.rules()).toEqual([]);
  });

  it('a PASID request without IMS is refused', () => {
    const r = rig();
    guestVf(r);
    const ev = r.run({ op: 'host.setPasid', fn: 1, vector: 0, pasid: 1 });
    expect(ev[0]).toMatchObject({ type: 'irq/refused', op: 'host.setPasid' });
  });
});

describe('binding', () => {
  it('a VF bound to a host driver is not a guest\'s: no host allocation, no budget', () => {
    const r = rig({ hostIrqBudget: 0 });
    r.run({ op: 'sriov.enable', numVFs: 1 }, { op: 'vf.bind', fn: 1, driver: 'virtio-pci' },
      { op: 'msix.enable', fn: 1 });
    const ev = r.run({ op: 'msix.unmask', fn: 1, vector: 0 });
    expect(ev.map((e) => e.type)).toEqual(['msix/masked']);
    expect(r.engine.state.host.used).toBe(0);
  });

  it('SR-IOV disable unbinds every VF driver first and frees its host vectors', () => {
    const r = rig();
    guestVf(r);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 });
    expect(r.engine.state.host.used).toBe(1);
    const ev = r.run({ op: 'sriov.disable' });
    // VF 1 holds host vectors; VF 2 is bound but never enabled MSI-X, so it holds none.
    expect(ev.map((e) => e.type)).toEqual(['host/released', 'vf/unbound', 'vf/unbound', 'provision/released',
      'sriov/disabled']);
    expect(r.engine.state.host.used).toBe(0);
  });

  it('binding twice is refused with EBUSY', () => {
    const r = rig();
    r.run({ op: 'sriov.enable', numVFs: 1 }, { op: 'vf.bind', fn: 1, driver: 'vfio-pci' });
    const ev = r.run({ op: 'vf.bind', fn: 1, driver: 'virtio-pci' });
    expect(ev[0]).toMatchObject({ type: 'irq/refused', errno: 'EBUSY',
      reason: expect.stringContaining('already bound to vfio-pci') });
  });
});
