import { describe, expect, it } from 'vitest';
import * as X from '../../src/domain/mmio/extension.js';
import * as R from '../../src/domain/spec/mmio.js';
import type { Command } from '../../src/domain/commands.js';
import { rig, type IrqRig } from './irq-helpers.js';

const w = (offset: number, value: number): Command => ({ op: 'mmio.write', offset, value });
const cmd = (c: number) => w(X.VIRTIO_MMIO_MSI_COMMAND, c);
const sel = (v: number) => w(X.VIRTIO_MMIO_MSI_VEC_SEL, v);
const unmask = (v: number): Command[] => [sel(v), cmd(X.VIRTIO_MMIO_MSI_CMD_UNMASK)];
const delivered = (r: IrqRig) => [...r.engine.state.mmio!.msi.delivered];

/** A rig whose mmio driver has set DRIVER_OK: the device notifies only then (virtio 1.4 §2.1 Device Status Field). */
function mmioRig(device: Parameters<typeof rig>[0]): IrqRig {
  const r = rig(device);
  r.run(w(R.VIRTIO_MMIO_STATUS, 15));
  return r;
}

function read(r: IrqRig, offset: number): number {
  const ev = r.run({ op: 'mmio.read', offset });
  return (ev[0] as { value: number }).value;
}

describe('virtio-mmio MSI extension (VTWIN_EXT_F_MMIO_MSI)', () => {
  it('non-sharing mode maps vector 0 to config changes and vector 1 + i to queue i; MAP commands are ignored', () => {
    const r = mmioRig({ mmio: { queues: 2, sharing: false } });
    expect(read(r, X.VIRTIO_MMIO_MSI_VEC_NUM)).toBe(3);
    expect(read(r, X.VIRTIO_MMIO_MSI_STATE)).toBe(0);
    r.run(cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE), ...unmask(0), ...unmask(1), ...unmask(2));
    r.run({ op: 'mmio.notify', queue: 1 }, { op: 'mmio.configChange' }, { op: 'mmio.notify', queue: 0 });
    expect(delivered(r)).toEqual([1, 1, 1]);
    const ev = r.run(sel(0), w(R.VIRTIO_MMIO_QUEUE_SEL, 1), cmd(X.VIRTIO_MMIO_MSI_CMD_MAP_QUEUE));
    expect(ev[ev.length - 1]).toMatchObject(
      { type: 'mmio/cmdIgnored', reason: expect.stringContaining('non-sharing') });
    r.run({ op: 'mmio.notify', queue: 1 });
    expect(delivered(r)).toEqual([1, 1, 2]);
    expect(r.rules()).toEqual([]);
  });

  it('sharing mode maps config and queues with MAP_CONFIG / MAP_QUEUE; one vector can serve several events', () => {
    const r = mmioRig({ mmio: { queues: 2, sharing: true, msiVectors: 2 } });
    expect(read(r, X.VIRTIO_MMIO_MSI_STATE)).toBe(X.VIRTIO_MMIO_MSI_STATE_SHARING);
    r.run(
      cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE),
      sel(0),
      cmd(X.VIRTIO_MMIO_MSI_CMD_MAP_CONFIG),
      sel(1),
      w(R.VIRTIO_MMIO_QUEUE_SEL, 0),
      cmd(X.VIRTIO_MMIO_MSI_CMD_MAP_QUEUE),
      w(R.VIRTIO_MMIO_QUEUE_SEL, 1),
      cmd(X.VIRTIO_MMIO_MSI_CMD_MAP_QUEUE),
      ...unmask(0),
      ...unmask(1),
    );
    expect(read(r, X.VIRTIO_MMIO_MSI_STATE)).toBe(X.VIRTIO_MMIO_MSI_STATE_ENABLED | X.VIRTIO_MMIO_MSI_STATE_SHARING);
    r.run({ op: 'mmio.notify', queue: 0 }, { op: 'mmio.notify', queue: 1 }, { op: 'mmio.configChange' });
    expect(delivered(r)).toEqual([1, 2]);
    expect(r.rules()).toEqual([]);
  });

  it('a queue mapped to VIRTIO_MMIO_MSI_NO_VECTOR sends no interrupts at all', () => {
    const r = mmioRig({ mmio: { queues: 1, sharing: true, msiVectors: 2 } });
    r.run(cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE), sel(X.VIRTIO_MMIO_MSI_NO_VECTOR), cmd(X.VIRTIO_MMIO_MSI_CMD_MAP_QUEUE),
      ...unmask(0), ...unmask(1));
    const ev = r.run({ op: 'mmio.notify', queue: 0 });
    expect(ev.map((e) => e.type)).toEqual(['mmio/raised', 'mmio/msiUnmapped']);
    expect(r.engine.state.mmio!.interruptStatus).toBe(0);
    expect(delivered(r)).toEqual([0, 0]);
  });

  it('an event on a masked vector is pending and UNMASK delivers it once (the kvmtool prototype)', () => {
    const r = mmioRig({ mmio: { queues: 1 } });
    r.run(cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE), { op: 'mmio.notify', queue: 0 }, { op: 'mmio.notify', queue: 0 });
    expect(delivered(r)).toEqual([0, 0]);
    r.run(...unmask(1));
    expect(delivered(r)).toEqual([0, 1]);
    r.run(...unmask(1));
    expect(delivered(r)).toEqual([0, 1]);
    r.engine.settle();
    expect(r.rules()).toEqual([]);
  });

  it('without MSI the line interrupt is used: InterruptStatus bits, cleared by InterruptACK', () => {
    const r = mmioRig({ mmio: { queues: 1 } });
    r.run({ op: 'mmio.notify', queue: 0 }, { op: 'mmio.configChange' });
    expect(read(r, R.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(3);
    r.run(w(R.VIRTIO_MMIO_INTERRUPT_ACK, 1));
    expect(read(r, R.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(2);
  });

  it('with MSI enabled InterruptStatus is never set and InterruptACK is ignored', () => {
    const r = mmioRig({ mmio: { queues: 1 } });
    r.run({ op: 'mmio.configChange' }, cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE), { op: 'mmio.notify', queue: 0 });
    expect(read(r, R.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(2);
    const ev = r.run(w(R.VIRTIO_MMIO_INTERRUPT_ACK, 2));
    expect(ev[0]!.type).toBe('mmio/ackIgnored');
    expect(read(r, R.VIRTIO_MMIO_INTERRUPT_STATUS)).toBe(2);
  });

  it('a device reset (Status 0) clears msi_enabled and masks every vector again', () => {
    const r = mmioRig({ mmio: { queues: 1 } });
    r.run(cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE), ...unmask(1), w(R.VIRTIO_MMIO_STATUS, 0));
    expect(read(r, X.VIRTIO_MMIO_MSI_STATE)).toBe(0);
    // After the reset nothing is notified until the driver initialises the device again.
    expect(r.run({ op: 'mmio.notify', queue: 0 })[0]).toMatchObject({ type: 'mmio/refused', errno: 'EPERM' });
    r.run(w(R.VIRTIO_MMIO_STATUS, 15), { op: 'mmio.notify', queue: 0 });
    expect(r.engine.state.mmio!.interruptStatus).toBe(1);
  });

  it('CONFIGURE latches the staged address and data into the selected vector', () => {
    const r = mmioRig({ mmio: { queues: 1 } });
    r.run(sel(1), w(X.VIRTIO_MMIO_MSI_ADDRESS_LOW, 0xfee00000), w(X.VIRTIO_MMIO_MSI_ADDRESS_HIGH, 0),
      w(X.VIRTIO_MMIO_MSI_DATA, 0x31), cmd(X.VIRTIO_MMIO_MSI_CMD_CONFIGURE));
    const msi = r.engine.state.mmio!.msi;
    expect([msi.vAddrLo[1], msi.vData[1]]).toEqual([0xfee00000, 0x31]);
  });

  it('without the extension offered the MSI registers do nothing; without an mmio device mmio ops are refused', () => {
    const off = rig({ mmio: { queues: 1, msi: false } });
    const ev = off.run(cmd(X.VIRTIO_MMIO_MSI_CMD_ENABLE));
    expect(ev[0]).toMatchObject({ type: 'mmio/cmdIgnored', reason: expect.stringContaining('VTWIN_EXT_F_MMIO_MSI') });
    const none = rig();
    expect(none.run({ op: 'mmio.notify', queue: 0 })[0]!.type).toBe('mmio/refused');
  });
});
