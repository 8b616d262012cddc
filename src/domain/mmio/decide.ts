/**
 * The virtio-mmio device: register reads/writes by its driver, and the device raising interrupts
 * (MSI per the never-merged proposal when enabled, else the line interrupt + InterruptStatus).
 * Registers: ../spec/mmio.ts (transport) and ./extension.ts (MSI); the choices where the
 * proposal is silent: ./types.ts.
 */
import type { DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import { setEntries, testBit } from '../msix/bits.js';
import { notifyProblem } from '../msix/gate.js';
import type { Profile } from '../profiles.js';
import type { TwinState } from '../state.js';
import type { MmioSource } from './events.js';
import * as X from './extension.js';
import { msiStateValue } from './msi.js';
import type { MmioState } from './types.js';
import * as R from '../spec/mmio.js';

const NO = X.VIRTIO_MMIO_MSI_NO_VECTOR;

function refused(op: string, reason: string, errno = 'EINVAL'): EventBody[] {
  return [{ type: 'mmio/refused', op, errno, reason }];
}

function withDevice(s: Readonly<TwinState>, op: string, then: (d: MmioState) => EventBody[]): EventBody[] {
  return s.mmio ? then(s.mmio) : refused(op, 'no virtio-mmio device (add an "mmio" block to the device config)',
    'ENODEV');
}

export function mmioRaise(s: Readonly<TwinState>, source: MmioSource, profile: Profile): EventBody[] {
  const { msi } = s.mmio!;
  const out: EventBody[] = [{ type: 'mmio/raised', source }];
  if (!msi.enabled) {
    out.push({ type: 'mmio/intStatusSet', bits: source === 'config'
      ? R.VIRTIO_MMIO_INT_CONFIG : R.VIRTIO_MMIO_INT_VRING });
    return out;
  }
  const vector = source === 'config' ? msi.configVector : (msi.queueVectors[source] ?? NO);
  if (vector === NO || vector >= msi.vecNum) out.push({ type: 'mmio/msiUnmapped', source });
  else if (testBit(msi.mask, vector)) {
    // The proposal's text has mask without pending; a device built to the letter drops it.
    if (!profile.quirks.mmioDropMasked) out.push({ type: 'mmio/msiPended', vector, source });
  } else out.push({ type: 'mmio/msiDelivered', vector, source });
  return out;
}

/** Raise, unless the Status register forbids it (as for PCI: ../pf/status.ts notifyProblem). */
function statusChecked(s: Readonly<TwinState>, op: string, source: MmioSource, profile: Profile): EventBody[] {
  const why = profile.quirks.notifyBeforeDriverOk ? null : notifyProblem(s.mmio!.status, source, 'the mmio');
  return why === null ? mmioRaise(s, source, profile) : refused(op, why, 'EPERM');
}

function msiCommand(d: MmioState, cmd: number): EventBody[] {
  const { msi } = d;
  const ignored = (reason: string): EventBody[] => [{ type: 'mmio/cmdIgnored', cmd, reason }];
  if (!msi.offered) return ignored(`${X.VTWIN_EXT_F_MMIO_MSI} is not offered by this device`);
  const sel = msi.vecSel;
  const selOk = sel < msi.vecNum;
  const badSel = `MsiVecSel ${sel} is not a vector (MsiVecNum ${msi.vecNum})`;
  switch (cmd) {
    case X.VIRTIO_MMIO_MSI_CMD_ENABLE: {
      const out: EventBody[] = [{ type: 'mmio/msiEnabled', enabled: true }];
      if (!msi.enabled) for (const v of setEntries(msi.pba, msi.vecNum, msi.mask)) out.push(
        { type: 'mmio/msiDelivered', vector: v, source: 'pba' });
      return out;
    }
    case X.VIRTIO_MMIO_MSI_CMD_DISABLE:
      return [{ type: 'mmio/msiEnabled', enabled: false }];
    case X.VIRTIO_MMIO_MSI_CMD_CONFIGURE:
      return selOk ? [{ type: 'mmio/msiConfigured', vector: sel, addrLo: msi.addrLo, addrHi: msi.addrHi,
        data: msi.data }] : ignored(badSel);
    case X.VIRTIO_MMIO_MSI_CMD_MASK:
      return selOk ? [{ type: 'mmio/msiMasked', vector: sel, masked: true }] : ignored(badSel);
    case X.VIRTIO_MMIO_MSI_CMD_UNMASK: {
      if (!selOk) return ignored(badSel);
      const out: EventBody[] = [{ type: 'mmio/msiMasked', vector: sel, masked: false }];
      // kvmtool prototype: UNMASK with the pending bit set sends the message once and clears it.
      if (msi.enabled && testBit(msi.mask, sel)
        && testBit(msi.pba, sel)) out.push({ type: 'mmio/msiDelivered', vector: sel, source: 'pba' });
      return out;
    }
    case X.VIRTIO_MMIO_MSI_CMD_MAP_CONFIG:
    case X.VIRTIO_MMIO_MSI_CMD_MAP_QUEUE: {
      if (!msi.sharing) return ignored('non-sharing mode: the mapping is fixed (vector 0 = config, 1 + i = queue i)');
      const vector = selOk ? sel : NO;
      if (cmd === X.VIRTIO_MMIO_MSI_CMD_MAP_CONFIG) return [{ type: 'mmio/msiMapped', source: 'config', vector }];
      if (d.queueSel >= d.queues) return ignored(`QueueSel ${d.queueSel} is not a queue (${d.queues} queues)`);
      return [{ type: 'mmio/msiMapped', source: d.queueSel, vector }];
    }
    default:
      return ignored(`unknown MsiCmd ${cmd}`);
  }
}

function write(d: MmioState, offset: number, value: number): EventBody[] {
  const staged = (register: 'vecSel' | 'addrLo' | 'addrHi' | 'data'): EventBody[] =>
    d.msi.offered ? [{ type: 'mmio/msiStaged', register, value }] : [{ type: 'mmio/writeIgnored', offset, value }];
  switch (offset) {
    case R.VIRTIO_MMIO_QUEUE_SEL:
      return [{ type: 'mmio/queueSelected', queue: value }];
    case R.VIRTIO_MMIO_INTERRUPT_ACK:
      return [d.msi.enabled ? { type: 'mmio/ackIgnored', bits: value } : { type: 'mmio/intAcked', bits: value }];
    case R.VIRTIO_MMIO_STATUS:
      return [value === 0 ? { type: 'mmio/reset' } : { type: 'mmio/statusWritten', value: value & 0xff }];
    case X.VIRTIO_MMIO_MSI_VEC_SEL:
      return staged('vecSel');
    case X.VIRTIO_MMIO_MSI_ADDRESS_LOW:
      return staged('addrLo');
    case X.VIRTIO_MMIO_MSI_ADDRESS_HIGH:
      return staged('addrHi');
    case X.VIRTIO_MMIO_MSI_DATA:
      return staged('data');
    case X.VIRTIO_MMIO_MSI_COMMAND:
      return msiCommand(d, value);
    default:
      return [{ type: 'mmio/writeIgnored', offset, value }];
  }
}

function read(d: MmioState, offset: number): number {
  switch (offset) {
    case R.VIRTIO_MMIO_MAGIC_VALUE:
      return R.VIRTIO_MMIO_MAGIC;
    case R.VIRTIO_MMIO_VERSION:
      return 2;
    case R.VIRTIO_MMIO_DEVICE_ID:
      return d.deviceId;
    case R.VIRTIO_MMIO_INTERRUPT_STATUS:
      return d.interruptStatus;
    case R.VIRTIO_MMIO_STATUS:
      return d.status;
    case X.VIRTIO_MMIO_MSI_VEC_NUM:
      return d.msi.vecNum;
    case X.VIRTIO_MMIO_MSI_STATE:
      return msiStateValue(d.msi);
    default:
      return 0; // write-only or not modelled
  }
}

const u32 = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

export const mmioDeciders: DeciderMap<'mmio.write' | 'mmio.read' | 'mmio.notify' | 'mmio.configChange'> = {
  'mmio.write': (s, c) =>
    withDevice(s, c.op, (d) => {
      if (!u32(c.offset) || c.offset % 4 !== 0) return refused(c.op,
        `offset ${c.offset} is not a 4-byte aligned register`);
      if (!u32(c.value)) return refused(c.op, `value ${c.value} is not a u32`);
      return write(d, c.offset, c.value);
    }),
  'mmio.read': (s, c) =>
    withDevice(s, c.op, (d) =>
      u32(c.offset) && c.offset % 4 === 0 ? [{ type: 'mmio/read', offset: c.offset, value: read(d, c.offset) }]
        : refused(c.op, `offset ${c.offset} is not a 4-byte aligned register`),
    ),
  'mmio.notify': (s, c, ctx) =>
    withDevice(s, c.op, (d) =>
      Number.isInteger(c.queue) && c.queue >= 0 && c.queue < d.queues
        ? statusChecked(s, c.op, c.queue, ctx.profile) : refused(c.op, `no queue ${c.queue} (${d.queues} queues)`),
    ),
  'mmio.configChange': (s, c, ctx) => withDevice(s, c.op, () => statusChecked(s, c.op, 'config', ctx.profile)),
};
