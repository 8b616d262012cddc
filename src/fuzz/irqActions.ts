/**
 * Fuzz actions for the interrupt paths: the guest/PF driver's MSI-X programming, the device's
 * raises, the host binding VFs to vfio, VF MSI-X provisioning through the admin queue, and the
 * virtio-mmio MSI registers. Conforming drivers program entries only while masked and map only
 * vectors inside the table; misbehaving runs break both on purpose.
 */
import type { Command } from '../domain/commands.js';
import { builtCmd } from '../domain/adminq/encode.js';
import { functionStatus, notifyProblem } from '../domain/msix/gate.js';
import { isMasked } from '../domain/msix/table.js';
import { testBit } from '../domain/msix/bits.js';
import { VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Rng } from '../engine/prng.js';
import {
  VIRTIO_MMIO_MSI_CMD_UNMASK,
  VIRTIO_MMIO_MSI_COMMAND,
  VIRTIO_MMIO_MSI_VEC_SEL,
} from '../domain/mmio/extension.js';
import { VIRTIO_MMIO_QUEUE_SEL, VIRTIO_MMIO_STATUS } from '../domain/spec/mmio.js';
import type { ActionGen } from './actionGen.js';
import { maySubmit } from './coreActions.js';

/**
 * A live VF, mostly one of the first two: ordering bugs need several actions on the *same*
 * function, which uniform picks over 64 VFs would rarely produce.
 */
function liveVf(s: Readonly<TwinState>, rng: Rng): number | null {
  const n = s.sriov.vfEnable ? s.sriov.numVFs : 0;
  if (!n) return null;
  return rng.chance(3, 4) ? rng.int(1, Math.min(n, 2)) : rng.int(1, n);
}

/** The PF or a live VF. */
function liveFn(s: Readonly<TwinState>, rng: Rng): number {
  return rng.chance(1, 4) ? 0 : (liveVf(s, rng) ?? 0);
}

function vectorOf(s: Readonly<TwinState>, fn: number, rng: Rng): number | null {
  const n = s.fns[fn]!.msix.tableSize;
  return n ? rng.int(0, n - 1) : null;
}

function queueOf(s: Readonly<TwinState>, fn: number, rng: Rng): number {
  return rng.int(0, s.fns[fn]!.msix.queueVectors.length - 1);
}

function requested(s: Readonly<TwinState>, fn: number): number[] {
  const h = s.fns[fn]!.host;
  const out: number[] = [];
  for (let v = 0; v < s.fns[fn]!.msix.tableSize; v++) if (testBit(h.req, v)) out.push(v);
  return out;
}

/** The driver's full status after its probe: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK. */
const PROBED = 15;

/**
 * A device notifies a function whose driver is up (virtio 1.4 §2.1 Device Status Field: no
 * used-buffer notification before DRIVER_OK; §2.4: none at status 0). A notification `fn` may not
 * take now is, 7 times in 8, preceded by its driver finishing its probe: a VF's (the driver that
 * programs its MSI-X in the actions above), while the PF's driver re-probes by its own action
 * (pf.init), so for the PF it is dropped. The 1 in 8 left is sent anyway: a conforming device
 * refuses it (EPERM), one that notifies before DRIVER_OK (profile notify-before-driver-ok) is caught.
 */
function deviceNotify(s: Readonly<TwinState>, rng: Rng, fn: number, source: 'config' | number,
    notify: Command): Command | Command[] | null {
  if (notifyProblem(functionStatus(s, fn), source, '') === null || rng.chance(1, 8)) return notify;
  return fn !== 0 ? [{ op: 'vf.status', fn, value: PROBED }, notify] : null;
}

/** The same for the virtio-mmio device, whose driver is always there to write its Status. */
function mmioNotify(s: Readonly<TwinState>, rng: Rng, source: 'config' | number, notify: Command): Command[] | Command {
  if (notifyProblem(s.mmio!.status, source, '') === null || rng.chance(1, 8)) return notify;
  return [{ op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: PROBED }, notify];
}

const withVector = (make: (fn: number, vector: number) => Command) => (s: Readonly<TwinState>, rng: Rng) => {
  const fn = liveFn(s, rng);
  const v = vectorOf(s, fn, rng);
  return v === null ? null : make(fn, v);
};

export const IRQ_ACTIONS: readonly ActionGen[] = [
  { kind: 'msix.enable', gen: (s, rng) => ({ op: 'msix.enable', fn: liveFn(s, rng) }) },
  { kind: 'msix.disable', gen: (s, rng) => ({ op: 'msix.disable', fn: liveFn(s, rng) }) },
  { kind: 'msix.mask', gen: withVector((fn, vector) => ({ op: 'msix.mask', fn, vector })) },
  { kind: 'msix.unmask', gen: withVector((fn, vector) => ({ op: 'msix.unmask', fn, vector })) },
  { kind: 'msix.functionMask', gen: (s, rng) => (
    { op: 'msix.functionMask', fn: liveFn(s, rng), masked: rng.chance(1, 2) }) },
  {
    kind: 'msix.program',
    gen: (s, rng) => {
      const fn = liveFn(s, rng);
      const vector = vectorOf(s, fn, rng);
      if (vector === null) return null;
      const m = s.fns[fn]!.msix;
      if (!m.functionMask && !isMasked(m, vector)) return null;
      return { op: 'msix.program', fn, vector, addrLo: 0xfee00000 + 16 * rng.int(0, 255), data: rng.int(0, 0xffff) };
    },
  },
  {
    kind: 'msix.programUnmasked',
    misbehaviour: true,
    gen: withVector((fn, vector) => ({ op: 'msix.program', fn, vector, addrLo: 0xfee01000, data: 0x4000 + vector })),
  },
  {
    kind: 'vector.map',
    gen: (s, rng) => {
      const fn = liveFn(s, rng);
      const n = s.fns[fn]!.msix.tableSize;
      const vector = n && rng.chance(7, 8) ? rng.int(0, n - 1) : VIRTIO_MSI_NO_VECTOR;
      return { op: 'vector.map', fn, queue: rng.chance(1, 4) ? 'config' : queueOf(s, fn, rng), vector };
    },
  },
  {
    kind: 'vector.mapBeyondTable',
    misbehaviour: true,
    gen: (s, rng) => {
      const fn = liveFn(s, rng);
      return { op: 'vector.map', fn, queue: queueOf(s, fn, rng), vector: s.fns[fn]!.msix.tableSize + rng.int(0, 3) };
    },
  },
  { kind: 'device.notify', gen: (s, rng) => { const fn = liveFn(s, rng); const queue = queueOf(s, fn, rng);
    return deviceNotify(s, rng, fn, queue, { op: 'device.notify', fn, queue }); } },
  { kind: 'device.configChange', gen: (s, rng) => { const fn = liveFn(s, rng);
    return deviceNotify(s, rng, fn, 'config', { op: 'device.configChange', fn }); } },
  { kind: 'isr.read', gen: (s, rng) => ({ op: 'isr.read', fn: liveFn(s, rng) }) },
  {
    kind: 'vf.bind',
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : { op: 'vf.bind', fn, driver: rng.chance(2, 3) ? 'vfio-pci' : 'virtio-pci' };
    },
  },
  {
    // A guest bringing a passthrough VF's interrupts up as Linux does: bind, enable, unmask a few.
    kind: 'guest.irqUp',
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      if (fn === null) return null;
      const out: Command[] = [];
      if (s.fns[fn]!.driver !== 'vfio-pci') out.push(...(s.fns[fn]!.driver ? [{ op: 'vf.unbind' as const, fn }] : []),
        { op: 'vf.bind', fn, driver: 'vfio-pci' });
      out.push({ op: 'msix.enable', fn });
      const n = Math.min(s.fns[fn]!.msix.tableSize, rng.int(1, 3));
      for (let v = 0; v < n; v++) out.push({ op: 'msix.unmask', fn, vector: v });
      // DRIVER_OK last: from then on the device may notify the VF.
      if (!(s.fns[fn]!.legacy.status & VIRTIO_CONFIG_S_DRIVER_OK)) out.push({ op: 'vf.status', fn, value: PROBED });
      return out;
    },
  },
  // A VF's own driver: DRIVER_OK (the device may notify it), now and then a reset.
  { kind: 'vf.status', gen: (s, rng) => { const fn = liveVf(s, rng);
    return fn === null ? null : { op: 'vf.status', fn, value: rng.chance(3, 4) ? PROBED : 0 }; } },
  { kind: 'vf.unbind', gen: (s, rng) => { const fn = liveVf(s, rng); return fn === null
    ? null : { op: 'vf.unbind', fn }; } },
  {
    kind: 'host.setPasid',
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      // Only a host using IMS gives entries a PASID. Mostly an entry whose IRQ the host already
      // requested: the interesting update path.
      if (!s.config.hostIms) return null;
      const req = fn === null ? [] : requested(s, fn);
      const v = fn === null ? null : req.length && rng.chance(3, 4) ? rng.pick(req) : vectorOf(s, fn, rng);
      return fn === null || v === null ? null : { op: 'host.setPasid', fn, vector: v, pasid: rng.int(1, 0xfffff) };
    },
  },
  {
    kind: 'provision.set',
    needsPf: true,
    gen: (s, rng, ctx) => {
      const member = liveVf(s, rng);
      if (member === null || !maySubmit(s, 1, 0x30)) return null;
      const count = rng.pick([0, 1, 2, 4, 8, 64, 65, s.config.vfMsixPool]);
      return { op: 'aq.submit', tag: ctx.tag(), cmd: builtCmd({ opcode: 'VTWIN_EXT_VF_MSIX_SET', member, count }) };
    },
  },
  {
    kind: 'provision.get',
    needsPf: true,
    gen: (s, rng, ctx) => {
      const member = liveVf(s, rng);
      return member === null || !maySubmit(s, 1, 0x31)
        ? null : { op: 'aq.submit', tag: ctx.tag(), cmd: { opcode: 'VTWIN_EXT_VF_MSIX_GET', member } };
    },
  },
  {
    kind: 'mmio.msi',
    gen: (s, rng) => {
      if (!s.mmio) return null;
      const reg = rng.pick([VIRTIO_MMIO_MSI_VEC_SEL, VIRTIO_MMIO_QUEUE_SEL, VIRTIO_MMIO_MSI_COMMAND,
        VIRTIO_MMIO_MSI_COMMAND]);
      const value = reg === VIRTIO_MMIO_MSI_COMMAND ? rng.int(1, 7) : rng.int(0, 3);
      return { op: 'mmio.write', offset: reg, value };
    },
  },
  // The mmio driver's Status: DRIVER_OK lets the device notify, 0 resets it.
  { kind: 'mmio.status', gen: (s, rng) => (s.mmio
    ? { op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: rng.chance(3, 4) ? PROBED : 0 } : null) },
  {
    kind: 'mmio.notify',
    gen: (s, rng) => {
      if (!s.mmio) return null;
      const queue = rng.int(0, s.config.mmio!.queues - 1);
      return mmioNotify(s, rng, queue, { op: 'mmio.notify', queue });
    },
  },
  { kind: 'mmio.configChange', gen: (s, rng) => (s.mmio
    ? mmioNotify(s, rng, 'config', { op: 'mmio.configChange' }) : null) },
];

/**
 * Liveness needs pending interrupts to become deliverable: unmask every entry and clear the
 * Function Mask of every live function with MSI-X on, and UNMASK every mmio vector.
 */
export function irqHeal(s: Readonly<TwinState>): Command[] {
  const out: Command[] = [];
  const n = s.sriov.vfEnable ? s.sriov.numVFs : 0;
  for (let fn = 0; fn <= n; fn++) {
    const m = s.fns[fn]!.msix;
    if (!m.enabled) continue;
    if (m.functionMask) out.push({ op: 'msix.functionMask', fn, masked: false });
    for (let v = 0; v < m.tableSize; v++) if (isMasked(m, v)) out.push({ op: 'msix.unmask', fn, vector: v });
  }
  if (s.mmio) {
    const vectors = s.mmio.msi.vecNum;
    for (let v = 0; v < vectors; v++) {
      out.push({ op: 'mmio.write', offset: VIRTIO_MMIO_MSI_VEC_SEL, value: v },
        { op: 'mmio.write', offset: VIRTIO_MMIO_MSI_COMMAND, value: VIRTIO_MMIO_MSI_CMD_UNMASK });
    }
  }
  return out;
}
