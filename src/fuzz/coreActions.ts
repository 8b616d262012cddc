/** Fuzz actions for the PF driver's core: PF status, SR-IOV, LIST_QUERY/LIST_USE, raw commands. */
import type { Command } from '../domain/commands.js';
import { supportedOpcodes } from '../domain/device.js';
import { outstandingCount } from '../domain/adminq/occupancy.js';
import { isDriverOk } from '../domain/pf/status.js';
import { VIRTIO_ADMIN_CMD_LIST_USE, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import { encodeAdminCmd } from '../wire/adminCmd.js';
import { builtCmd } from '../domain/adminq/encode.js';
import { toHex } from '../util/hex.js';
import type { ActionGen } from './actionGen.js';
import { aqCommand } from '../domain/adminq/inflight.js';

/** SR-IOV group commands to a member are outstanding (the driver must keep the group stable). */
export function memberCommandsPending(s: Readonly<TwinState>): boolean {
  for (const q of s.aq.queues) {
    for (const cid of q.pending) {
      const c = aqCommand(s.aq, cid)!;
      if (c.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && c.member !== 0) return true;
    }
  }
  return false;
}

function listUsePending(s: Readonly<TwinState>): boolean {
  for (const q of s.aq.queues) for (const cid of q.pending)
    if (aqCommand(s.aq, cid)!.opcode === VIRTIO_ADMIN_CMD_LIST_USE) return true;
  return false;
}

/** A conforming driver may submit `opcode` for `group` now. */
export function maySubmit(s: Readonly<TwinState>, group: number, opcode: number): boolean {
  if (!isDriverOk(s.pf) || listUsePending(s)) return false;
  if (!(s.aq.inUse[group] ?? []).includes(opcode)) return false;
  return opcode !== VIRTIO_ADMIN_CMD_LIST_USE || outstandingCount(s.aq) === 0;
}

function queueOf(s: Readonly<TwinState>, pick: (n: number) => number): number {
  return pick(s.aq.queues.length);
}

export const CORE_ACTIONS: readonly ActionGen[] = [
  {
    kind: 'aq.listQuery',
    needsPf: true,
    gen: (s, rng, ctx) => {
      const group = rng.chance(1, 4) ? 0 : 1;
      if (!maySubmit(s, group, 0)) return null;
      return { op: 'aq.submit', tag: ctx.tag(), queue: queueOf(s, (n) => rng.int(0, n - 1)),
        cmd: { opcode: 'LIST_QUERY', group: group ? 'SRIOV' : 'SELF' } };
    },
  },
  {
    kind: 'aq.listUse',
    needsPf: true,
    gen: (s, rng, ctx) => {
      const group = rng.chance(1, 4) ? 0 : 1;
      if (!maySubmit(s, group, 1)) return null;
      const supported = supportedOpcodes(s.config, group);
      // Mostly everything supported; sometimes a subset (possibly locking the driver out).
      const opcodes = rng.chance(3, 4) ? supported : supported.filter(() => rng.chance(1, 2));
      return { op: 'aq.submit', tag: ctx.tag(), queue: queueOf(s, (n) => rng.int(0, n - 1)),
        cmd: builtCmd({ opcode: 'LIST_USE', group: group ? 'SRIOV' : 'SELF', opcodes }) };
    },
  },
  {
    kind: 'sriov.enable',
    needsPf: true,
    gen: (s, rng) => {
      if (s.sriov.vfEnable || memberCommandsPending(s) || s.config.totalVFs === 0) return null;
      return { op: 'sriov.enable', numVFs: rng.int(1, s.config.totalVFs) };
    },
  },
  {
    kind: 'sriov.disable',
    gen: (s) => (s.sriov.vfEnable && !memberCommandsPending(s) ? { op: 'sriov.disable' } : null),
  },
  {
    kind: 'pf.init',
    gen: (s) => (isDriverOk(s.pf) ? null : { op: 'pf.init' }),
  },
  {
    kind: 'time.advance',
    fault: true,
    gen: (_s, rng) => ({ op: 'time.advance', ticks: rng.pick([10, 100, 1000]) }),
  },
  {
    kind: 'fault.pfReset',
    fault: true,
    gen: () => ({ op: 'pf.reset' }),
  },
  {
    kind: 'fault.sriovFlip',
    fault: true,
    misbehaviour: true,
    gen: (s, rng) => (s.sriov.vfEnable ? { op: 'sriov.disable' }
      : { op: 'sriov.enable', numVFs: rng.int(1, Math.max(1, s.config.totalVFs)) }),
  },
  {
    // The admin changing the VF count while commands to VFs are in flight (the hazard this
    // misbehaviour is about; with none in flight it breaks no rule). Linux takes a new count only
    // through 0, so the VFs are destroyed and re-created back to back under those commands.
    kind: 'fault.sriovRecreate',
    fault: true,
    misbehaviour: true,
    needsPf: true,
    gen: (s, rng) => (s.sriov.vfEnable && memberCommandsPending(s)
      ? [{ op: 'sriov.disable' }, { op: 'sriov.enable', numVFs: rng.int(1, s.config.totalVFs) }] : null),
  },
  {
    kind: 'aq.raw',
    needsPf: true,
    misbehaviour: true,
    gen: (s, rng, ctx): Command | null => {
      if (!isDriverOk(s.pf)) return null;
      const opcode = rng.chance(1, 2) ? rng.int(0, 0x14) : rng.int(0, 0xffff);
      const groupType = rng.pick([0, 1, 1, 1, 2]);
      const member = rng.int(0, s.config.totalVFs + 2);
      const data = new Uint8Array(rng.int(0, 16)).map(() => rng.int(0, 255));
      return { op: 'aq.submit', tag: ctx.tag(), queue: queueOf(s, (n) => rng.int(0, n - 1)),
        raw: toHex(encodeAdminCmd({ opcode, groupType, member }, data)), resultBytes: rng.pick([0, 8, 64]) };
    },
  },
];

/** Liveness needs a live PF: re-probe it if a reset left it down. */
export function coreHeal(s: Readonly<TwinState>): Command[] {
  return isDriverOk(s.pf) ? [] : [{ op: 'pf.init' }];
}
