/**
 * Fuzz actions for legacy access, the host mapper and virtio-net control: guests poking their
 * transitional VF's I/O BAR0 (mostly real registers and values, sometimes odd sizes), buffers and
 * notifies, notification-address writes, net commands through the PF and on a VF's own control
 * queue, trust flips, barriers, and DEVICE_NEEDS_RESET as a device fault.
 */
import type { Command } from '../domain/commands.js';
import { builtCmd } from '../domain/adminq/encode.js';
import { opcodeOf } from '../domain/device.js';
import { netAdminCtrl } from '../domain/net/adminCmd.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Rng } from '../engine/prng.js';
import type { ActionGen } from './actionGen.js';
import { maySubmit } from './coreActions.js';

/** A live VF, mostly one of the first two (ordering bugs need several actions on one VF). */
function liveVf(s: Readonly<TwinState>, rng: Rng): number | null {
  if (!s.sriov.vfEnable || s.sriov.numVFs === 0) return null;
  const fn = rng.chance(3, 4) ? rng.int(1, Math.min(2, s.sriov.numVFs)) : rng.int(1, s.sriov.numVFs);
  return s.fns[fn]!.life.alive ? fn : null;
}

/** Registers a legacy guest driver touches, with values it plausibly writes. */
const REGS: readonly { offset: number; size: number; values: readonly number[] }[] = [
  { offset: 0, size: 4, values: [] },
  { offset: 4, size: 4, values: [0, 1 << 5, 1 << 17, (1 << 17) | (1 << 18)] },
  { offset: 8, size: 4, values: [0, 0x1234, 0x8000] },
  { offset: 12, size: 2, values: [] },
  { offset: 14, size: 2, values: [0, 1, 2] },
  { offset: 16, size: 2, values: [0, 1, 2] },
  { offset: 18, size: 1, values: [0, 1, 3, 7, 7] },
  { offset: 19, size: 1, values: [] },
  { offset: 20, size: 2, values: [0, 1, 3, 0xffff] },
  { offset: 22, size: 2, values: [0, 1, 2, 7, 0xffff] },
  { offset: 24, size: 1, values: [0x02] },
];

const MACS = ['020000000001', '02aabbccddee', '02ffffffff02'];

function netArgs(s: Readonly<TwinState>, rng: Rng, misbehave: boolean): Record<string, unknown> {
  switch (rng.int(0, 5)) {
    case 0:
      return { class: 'MAC', command: 'ADDR_SET', mac: rng.pick(MACS) };
    case 1:
      return { class: 'RX', command: rng.pick(['PROMISC', 'ALLMULTI', 'NOBCAST']), on: rng.chance(1, 2) };
    case 2:
      return { class: 'VLAN', command: rng.pick(['ADD', 'DEL']), vid: rng.int(0, 8) };
    case 3: {
      const max = s.config.netMaxVqPairs;
      return { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: misbehave && rng.chance(1, 3)
        ? rng.pick([0, max + 1]) : rng.int(1, max) };
    }
    case 4:
      return { class: 'MAC', command: 'TABLE_SET', unicast: [rng.pick(MACS)], multicast: [] };
    default:
      return { class: 'ANNOUNCE', command: 'ACK' };
  }
}

function netAdmin(kind: string, misbehaviour: boolean, args: (s: Readonly<TwinState>, rng: Rng) => Record<string,
    unknown>): ActionGen {
  return {
    kind,
    misbehaviour,
    needsPf: true,
    gen: (s, rng, ctx): Command | null => {
      const fn = liveVf(s, rng);
      if (fn === null || s.config.deviceType !== 'net'
        || !maySubmit(s, VIRTIO_ADMIN_GROUP_TYPE_SRIOV, opcodeOf(netAdminCtrl, s.config))) return null;
      return { op: 'aq.submit', tag: ctx.tag(),
        cmd: builtCmd({ opcode: 'EXT_NET_ADMIN_CTRL', member: fn, ...args(s, rng) }) };
    },
  };
}

export const LEGACY_ACTIONS: readonly ActionGen[] = [
  {
    // A legacy guest driver's bring-up through the mapper: reset, ACK, DRIVER, features, queue 0
    // address, DRIVER_OK. Queued back to back; the mapper serialises them per VF.
    kind: 'guest.legacyUp',
    gen: (s, rng, ctx): Command[] | null => {
      const fn = liveVf(s, rng);
      if (fn === null) return null;
      const w = (offset: number, size: number,
        value: number): Command => ({ op: 'guest.io.write', fn, offset, size, value, tag: ctx.tag() });
      return [w(18, 1, 0), w(18, 1, 1), w(18, 1, 3), w(4, 4, rng.pick([0, 1 << 17])), w(14, 2, 0), w(8, 4, 0x1234),
        w(18, 1, 7)];
    },
  },
  {
    kind: 'guest.io',
    gen: (s, rng, ctx): Command | null => {
      const fn = liveVf(s, rng);
      if (fn === null) return null;
      const r = rng.pick(REGS);
      // Now and then an odd size: the device must refuse what is not a single field.
      const size = rng.chance(1, 8) ? rng.pick([1, 2, 4]) : r.size;
      if (r.values.length && rng.chance(2, 3)) return { op: 'guest.io.write', fn, offset: r.offset, size,
        value: rng.pick(r.values), tag: ctx.tag() };
      return { op: 'guest.io.read', fn, offset: r.offset, size, tag: ctx.tag() };
    },
  },
  {
    kind: 'guest.queue.add',
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : { op: 'guest.queue.add', fn, queue: rng.int(0, s.config.vfQueues - 1),
        count: rng.int(1, 3) };
    },
  },
  {
    kind: 'notify.write',
    gen: (s, rng): Command | null => {
      const fn = liveVf(s, rng);
      const e = s.config.legacyNotify.length ? rng.pick(s.config.legacyNotify) : null;
      if (fn === null || !e) return null;
      const queue = rng.int(0, s.config.vfQueues - 1);
      if (e.flags === 'member') return { op: 'notify.write', fn, bar: e.bar, offset: e.offset, value: queue };
      return { op: 'notify.write', fn: 0, bar: e.bar, offset: e.offset + (fn - 1) * e.stride, value: queue };
    },
  },
  netAdmin('net.admin', false, (s, rng) => netArgs(s, rng, false)),
  netAdmin('net.admin.badPairs', true, (s,
    rng) => ({ class: 'MQ', command: 'VQ_PAIRS_SET', pairs: rng.pick([0, s.config.netMaxVqPairs + 1]) })),
  netAdmin('net.trust', false, (_s, rng) => ({ class: 'ADMIN', command: 'TRUST_SET', trusted: rng.chance(1, 2) })),
  {
    kind: 'guest.cvq',
    gen: (s, rng, ctx) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : ({ op: 'guest.cvq', fn, tag: ctx.tag(), ...netArgs(s, rng, false) } as Command);
    },
  },
  {
    kind: 'guest.cvq.badPairs',
    misbehaviour: true,
    gen: (s, rng, ctx) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : { op: 'guest.cvq', fn, tag: ctx.tag(), class: 'MQ', command: 'VQ_PAIRS_SET',
        pairs: s.config.netMaxVqPairs + 1 };
    },
  },
  {
    kind: 'net.barrier',
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : { op: 'net.barrier', fn };
    },
  },
  {
    kind: 'fault.needsReset',
    fault: true,
    gen: (s, rng) => {
      const fn = liveVf(s, rng);
      return fn === null ? null : { op: 'device.needsReset', fn };
    },
  },
];
