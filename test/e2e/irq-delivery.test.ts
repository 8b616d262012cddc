import { describe, expect, it } from 'vitest';
import { VIRTIO_MSI_NO_VECTOR } from '../../src/domain/spec/constants.js';
import { rig, vfWithMsix } from './irq-helpers.js';

describe('MSI-X delivery on a VF', () => {
  it('mask -> raise -> unmask delivers the interrupt exactly once (PCI MSI-X pending bit)', () => {
    const r = rig();
    vfWithMsix(r);
    const raised = r.run({ op: 'device.notify', fn: 1, queue: 0 });
    expect(r.types(raised)).toEqual(['irq/raised', 'msix/pended']);
    expect(r.delivered(1, 0)).toBe(0);
    expect(r.pending(1, 0)).toBe(true);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 });
    expect(r.delivered(1, 0)).toBe(1);
    expect(r.pending(1, 0)).toBe(false);
    r.run({ op: 'msix.mask', fn: 1, vector: 0 }, { op: 'msix.unmask', fn: 1, vector: 0 });
    expect(r.delivered(1, 0)).toBe(1);
    r.engine.settle();
    expect(r.rules()).toEqual([]);
  });

  it('two raises while masked collapse into one delivery at unmask', () => {
    const r = rig();
    vfWithMsix(r);
    r.run({ op: 'device.notify', fn: 1, queue: 0 }, { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'msix.unmask', fn: 1, vector: 0 });
    expect(r.delivered(1, 0)).toBe(1);
    expect(r.pending(1, 0)).toBe(false);
    expect(r.rules()).toEqual([]);
  });

  it('an unmasked vector is delivered at once, and again for every raise', () => {
    const r = rig();
    vfWithMsix(r);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'device.notify', fn: 1, queue: 0 });
    expect(r.delivered(1, 0)).toBe(2);
  });

  it('the Function Mask holds every vector; clearing it delivers the pending, individually unmasked ones once', () => {
    const r = rig();
    vfWithMsix(r);
    r.run(
      { op: 'msix.functionMask', fn: 1, masked: true },
      { op: 'msix.unmask', fn: 1, vector: 0 },
      { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'device.configChange', fn: 1 },
    );
    expect(r.delivered(1, 0)).toBe(0);
    expect(r.pending(1, 0)).toBe(true);
    expect(r.pending(1, 1)).toBe(true);
    r.run({ op: 'msix.functionMask', fn: 1, masked: false });
    // vector 0 is unmasked: sent; vector 1 is still masked on its own: stays pending.
    expect(r.delivered(1, 0)).toBe(1);
    expect(r.delivered(1, 1)).toBe(0);
    expect(r.pending(1, 1)).toBe(true);
    r.run({ op: 'msix.unmask', fn: 1, vector: 1 });
    expect(r.delivered(1, 1)).toBe(1);
    r.engine.settle();
    expect(r.rules()).toEqual([]);
  });

  it('NO_VECTOR sends nothing and latches nothing ("MSI-X Vector Configuration")', () => {
    const r = rig();
    vfWithMsix(r);
    r.run({ op: 'vector.map', fn: 1, queue: 0, vector: VIRTIO_MSI_NO_VECTOR });
    const ev = r.run({ op: 'device.notify', fn: 1, queue: 0 }, { op: 'msix.unmask', fn: 1, vector: 0 });
    expect(r.types(ev)).toEqual(['irq/raised', 'msix/unmapped', 'msix/masked']);
    expect(r.delivered(1, 0)).toBe(0);
    expect(r.pending(1, 0)).toBe(false);
    expect(r.rules()).toEqual([]);
  });

  it('a vector beyond the table reads back NO_VECTOR (QEMU) and the driver rule names the driver', () => {
    const r = rig({ vfMsixVectors: 4 });
    vfWithMsix(r);
    const ev = r.run({ op: 'vector.map', fn: 1, queue: 1, vector: 4 });
    expect(ev[0]).toMatchObject({ type: 'msix/vectorMapped', requested: 4, vector: VIRTIO_MSI_NO_VECTOR });
    expect(r.engine.state.fns[1]!.msix.queueVectors[1]).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(r.rules()).toEqual(['driver.msix.map-within-table']);
  });

  it('with MSI-X disabled a queue interrupt sets ISR bit 0; an ISR read returns it and clears it', () => {
    const r = rig();
    r.run({ op: 'sriov.enable', numVFs: 1 }, { op: 'vf.status', fn: 1, value: 15 },
      { op: 'device.notify', fn: 1, queue: 1 });
    expect(r.engine.state.fns[1]!.msix.isr).toBe(1);
    const read = r.run({ op: 'isr.read', fn: 1 });
    expect(read[0]).toMatchObject({ type: 'isr/read', value: 1 });
    expect(r.engine.state.fns[1]!.msix.isr).toBe(0);
  });

  it('a config change sets ISR bit 1 before its message, even with MSI-X enabled', () => {
    const r = rig();
    vfWithMsix(r);
    r.run({ op: 'msix.unmask', fn: 1, vector: 1 });
    const ev = r.run({ op: 'device.configChange', fn: 1 });
    expect(r.types(ev)).toEqual(['irq/raised', 'isr/set', 'msix/delivered']);
    expect(r.engine.state.fns[1]!.msix.isr).toBe(2);
    expect(r.rules()).toEqual([]);
  });

  it('address/data writes are honoured while masked and ignored while live; the driver rule fires on the latter',
      () => {
    const r = rig();
    vfWithMsix(r);
    r.run({ op: 'msix.program', fn: 1, vector: 0, addrLo: 0xfee00000, data: 0x41 });
    expect(r.engine.state.fns[1]!.msix.addrLo[0]).toBe(0xfee00000);
    r.run({ op: 'msix.unmask', fn: 1, vector: 0 });
    const ev = r.run({ op: 'msix.program', fn: 1, vector: 0, addrLo: 0xfee01000, data: 0x42 });
    expect(r.types(ev)).toEqual(['msix/programIgnored']);
    expect(r.engine.state.fns[1]!.msix.data[0]).toBe(0x41);
    expect(r.rules()).toEqual(['driver.msix.program-while-masked']);
  });

  it('Message Control reads Table Size N-1 with the Enable and Function Mask bits', () => {
    const r = rig({ vfMsixVectors: 8 });
    r.run({ op: 'sriov.enable', numVFs: 1 }, { op: 'msix.enable', fn: 1 },
      { op: 'msix.functionMask', fn: 1, masked: true });
    const ev = r.run({ op: 'msix.readControl', fn: 1 });
    expect(ev[0]).toMatchObject({ type: 'msix/controlRead', value: 0x8000 | 0x4000 | 7 });
  });

  it('operations on a VF that does not exist are refused, not thrown', () => {
    const r = rig();
    const ev = r.run({ op: 'msix.enable', fn: 3 }, { op: 'device.notify', fn: 99, queue: 0 });
    expect(ev.map((e) => e.type)).toEqual(['irq/refused', 'irq/refused']);
    expect(ev[0]).toMatchObject({ reason: expect.stringContaining('does not exist') });
  });
});

describe('PF interrupts and admin completions', () => {
  it('an admin completion is delivered on the admin queue vector Linux mapped at probe (EACH policy)', () => {
    const r = rig({ pfQueues: 2, adminQueues: 1 });
    const m = r.engine.state.fns[0]!.msix;
    expect(m.enabled).toBe(true);
    expect(m.configVector).toBe(0);
    expect(m.queueVectors).toEqual([1, 2, 3]);
    r.run({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
    r.engine.settle();
    expect(r.delivered(0, 3)).toBe(1);
    expect(r.rules()).toEqual([]);
  });

  it('a PF reset unmaps every vector; completions then send nothing until the driver maps again', () => {
    const r = rig();
    r.run({ op: 'pf.reset' });
    expect(r.engine.state.fns[0]!.msix.queueVectors.every((v) => v === VIRTIO_MSI_NO_VECTOR)).toBe(true);
    r.run({ op: 'pf.init' });
    expect(r.engine.state.fns[0]!.msix.queueVectors[2]).toBe(3);
    r.run({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
    r.engine.settle();
    expect(r.delivered(0, 3)).toBe(1);
  });

  it('a PF table too small for EACH falls back down Linux\'s ladder (SHARED_SLOW, then SHARED)', () => {
    const slow = rig({ pfQueues: 2, pfMsixVectors: 3 }).engine.state.fns[0]!.msix;
    expect([slow.configVector, ...slow.queueVectors]).toEqual([0, 1, 2, 0]);
    const shared = rig({ pfQueues: 4, pfMsixVectors: 2 }).engine.state.fns[0]!.msix;
    expect([shared.configVector, ...shared.queueVectors]).toEqual([0, 1, 1, 1, 1, 0]);
  });
});
