/**
 * Legacy register access rules (virtio 1.4 §2.12.1.1 Legacy Interfaces, device requirements;
 * virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout; virtio 1.4 §2.4 Device Reset).
 * Each judges an admin command against the state the device acted on, read through the rules' own
 * register map (./legacyOracle.ts), never through the device's decoding.
 */
import type { Command } from '../domain/commands.js';
import {
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_NEEDS_RESET,
  VIRTIO_MSI_NO_VECTOR,
} from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Report, Rule } from './framework.js';
import { expectedTarget, isSingleField, legacyCmd, registerHex, type LegacyCmd } from './legacyOracle.js';
import { aqCommand } from '../domain/adminq/inflight.js';
import { note, take, type Pending } from './pending.js';

const LEGACY = 'virtio 1.4 §2.12.1.1 Legacy Interfaces / Device Requirements';

/** The legacy command a `device.run` is about to complete, if any. */
function completing(s: Readonly<TwinState>, c: Command): LegacyCmd | null {
  if (c.op !== 'device.run' || c.item.kind !== 'aq.complete') return null;
  const cmd = aqCommand(s.aq, c.item.cid);
  const l = cmd && legacyCmd(cmd);
  return l && s.fns[l.fn]?.life.alive ? l : null;
}


export const readMatchesRegister: Rule<Pending<string>> = {
  id: 'device.legacy.read-matches-register',
  actor: 'device',
  section: `${LEGACY} — each read MUST have the same effect as the legacy read`,
  kind: 'safety',
  description: 'A successful legacy read returns the bytes of the register it names, as the VF state holds them when ' +
    'the device processes it.',
  init: () => [],
  on: ['aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, m) => {
    const l = completing(s, c);
    if (!l || !l.read || !isSingleField(s, l.fn, l.common, l.offset, l.size)) return;
    note(m, l.cid, registerHex(s, l.fn, l.common, l.offset, l.size));
  },
  after: (_s, e, m, report) => {
    if (e.type !== 'aq/completed') return;
    const want = take(m, e.cid);
    if (want === undefined) return;
    if (e.status === VIRTIO_ADMIN_STATUS_OK
      && e.result !== want) report(`cid ${e.cid} read ${e.result || '(nothing)'} but the register holds ${want}`);
  },
};

export const isrReadClears: Rule<Pending<number>> = {
  id: 'device.legacy.isr-read-clears',
  actor: 'device',
  section: 'virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout; virtio 1.4 §4.1.4.5 ISR status ' +
    'capability — a read returns the ISR and clears it',
  kind: 'safety',
  description: 'After a successful legacy read of the ISR (common offset 19), the VF\'s ISR is 0.',
  init: () => [],
  on: ['aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, m) => {
    const l = completing(s, c);
    if (l && l.read && l.common && l.offset === 19 && l.size === 1) note(m, l.cid, l.fn);
  },
  after: (s, e, m, report) => {
    if (e.type !== 'aq/completed') return;
    const fn = take(m, e.cid);
    if (fn === undefined) return;
    const isr = s.fns[fn]!.msix.isr;
    if (e.status === VIRTIO_ADMIN_STATUS_OK
      && isr !== 0) report(`VF ${fn}: ISR read by cid ${e.cid} still reads 0x${isr.toString(16)}`);
  },
};

/** An access fieldAccess judges at its completion: the sentence naming it is built only for a report. */
interface Access {
  field: boolean;
  read: boolean;
  size: number;
  common: boolean;
  offset: number;
  fn: number;
}

const accessName = (a: Access): string =>
  `${a.read ? 'read' : 'write'} of ${a.size} byte(s) at ${a.common ? 'common' : 'device'} offset ${a.offset} ` +
  `of VF ${a.fn}`;

export const fieldAccess: Rule<Pending<Access>> = {
  id: 'device.legacy.field-access',
  actor: 'device',
  section:
    `${LEGACY}; virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout; ` +
    'docs/ambiguities.md#a8-what-refers-to-a-single-field-means — MUST fail when offset and length do not refer ' +
    'to a single field or leave the region; device config MAY be accessed with any width',
  kind: 'safety',
  description:
    'A legacy CFG command that does not refer to a single field of the common header, or leaves device config, ' +
    'fails; any other is not refused as INVALID_FIELD (device config takes any width).',
  init: () => [],
  on: ['aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, m) => {
    const l = completing(s, c);
    if (!l) return;
    const field = isSingleField(s, l.fn, l.common, l.offset, l.size);
    note(m, l.cid, { field, read: l.read, size: l.size, common: l.common, offset: l.offset, fn: l.fn });
  },
  after: (_s, e, m, report) => {
    if (e.type !== 'aq/completed') return;
    const a = take(m, e.cid);
    if (a === undefined) return;
    if (!a.field && e.status === VIRTIO_ADMIN_STATUS_OK) report(
      `cid ${e.cid}: ${accessName(a)} is not a single field, yet it succeeded`);
    if (a.field && e.status === VIRTIO_ADMIN_STATUS_EINVAL
      && e.qualifier === VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD) report(
      `cid ${e.cid}: ${accessName(a)} is a field, yet it failed INVALID_FIELD`);
  },
};

function resetLeftovers(s: Readonly<TwinState>, fn: number): string[] {
  const f = s.fns[fn]!;
  const l = f.legacy;
  const left: string[] = [];
  if (l.status !== 0) left.push(`status 0x${l.status.toString(16)}`);
  if (l.driverFeatures !== 0) left.push('driver features');
  if (l.queueSel !== 0) left.push('queue select');
  l.queues.forEach((q, i) => q.pfn !== 0 && left.push(`queue ${i} PFN`));
  if (f.msix.isr !== 0) left.push('ISR');
  if (f.msix.configVector !== VIRTIO_MSI_NO_VECTOR) left.push(`config vector ${f.msix.configVector}`);
  f.msix.queueVectors.forEach((v, i) => v !== VIRTIO_MSI_NO_VECTOR && left.push(`queue ${i} vector ${v}`));
  return left;
}

export const resetClears: Rule<Pending<number>> = {
  id: 'device.legacy.reset-clears',
  actor: 'device',
  section: 'virtio 1.4 §2.4 Device Reset; virtio 1.4 §4.1.5.1.2 MSI-X Vector Configuration — status 0 written ' +
    'through LEGACY_COMMON_CFG_WRITE resets the VF and unmaps every config/queue event',
  kind: 'safety',
  description: 'A successful legacy write of 0 to device status resets the VF: status, features, queues and ISR ' +
    'cleared, every vector reads NO_VECTOR.',
  init: () => [],
  on: ['aq/completed'],
  commandActs: ['aq.complete'],
  command: (s, c, m) => {
    const l = completing(s, c);
    if (l && !l.read && l.common && l.offset === 18 && l.size === 1 && l.data[0] === 0) note(m, l.cid, l.fn);
  },
  after: (s, e, m, report) => {
    if (e.type !== 'aq/completed') return;
    const fn = take(m, e.cid);
    if (fn === undefined) return;
    const left = e.status === VIRTIO_ADMIN_STATUS_OK ? resetLeftovers(s, fn) : [];
    if (left.length) report(`VF ${fn} reset by cid ${e.cid} kept ${left.join(', ')}`);
  },
};

/** The address write awaiting its notify (or miss), rewritten in place (no object per write). */
interface NotifyMem {
  waiting: boolean;
  /** The VF it should notify (0: none), with queue index `queue`. */
  vf: number;
  queue: number;
  seq: number;
}

function resolved(m: NotifyMem): void {
  m.waiting = false;
  m.vf = 0;
  m.queue = 0;
  m.seq = 0;
}

function unresolved(m: NotifyMem, report: Report): void {
  if (!m.waiting) return;
  report(`the write at seq ${m.seq} to VF ${m.vf}'s notification address produced no notify`);
  resolved(m);
}

export const notifyAddressEquivalent: Rule<NotifyMem> = {
  id: 'device.legacy.notify-address-equivalent',
  actor: 'device',
  section: `${LEGACY} — a notification at a NOTIFY_INFO address MUST function as a COMMON_CFG_WRITE of Queue Notify`,
  kind: 'safety',
  description: 'A le16 written to a VF\'s notification address notifies exactly that VF with that queue index; any ' +
    'other BAR write notifies nobody.',
  init: () => ({ waiting: false, vf: 0, queue: 0, seq: 0 }),
  on: ['legacy/addressWritten', 'legacy/notified', 'legacy/notifyMissed'],
  before: (s, e, m, report) => {
    if (e.type === 'legacy/addressWritten') {
      unresolved(m, report);
      m.waiting = true;
      m.vf = expectedTarget(s, e.fn, e.bar, e.offset);
      m.queue = e.value & 0xffff;
      m.seq = e.seq;
      return;
    }
    if (e.type !== 'legacy/notified' && e.type !== 'legacy/notifyMissed') return;
    if (e.type === 'legacy/notified' && e.via !== 'address') return;
    if (!m.waiting) return report(`${e.type} for function ${e.fn} without an address write`);
    const { vf, queue } = m;
    resolved(m);
    if (e.type === 'legacy/notifyMissed' && vf !== 0) report(
      `the write to VF ${vf}'s notification address was not taken as a notify`);
    if (e.type === 'legacy/notified' && (e.fn !== vf || e.queue !== queue)) {
      report(`the write meant for ${vf ? `VF ${vf}` : 'no VF'} queue ${queue} notified VF ${e.fn} queue ${e.queue}`);
    }
  },
  settle: (_s, m, report) => unresolved(m, report),
};

/** The notify whose queue must be drained by the end of its action; fn -1: none. Rewritten in place. */
interface DueMem {
  fn: number;
  queue: number;
  seq: number;
}

function checkDue(s: Readonly<TwinState>, m: DueMem, report: Report): void {
  const { fn, queue, seq } = m;
  if (fn < 0) return;
  m.fn = -1;
  m.queue = 0;
  m.seq = 0;
  const q = s.fns[fn]!.legacy.queues[queue];
  if (q && q.avail > 0) report(
    `the notify at seq ${seq} left ${q.avail} available buffer(s) on VF ${fn} queue ${queue} unused`);
}

export const notifyProcessesQueue: Rule<DueMem> = {
  id: 'device.legacy.notify-processes-queue',
  actor: 'device',
  section: 'virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout; virtio 1.4 §2.1 Device Status Field ' +
    '— Queue Notify makes buffers used, but only after DRIVER_OK',
  kind: 'safety',
  description: 'A notify of a set-up queue of a DRIVER_OK VF that needs no reset leaves none of its available ' +
    'buffers unused once the notifying action is done.',
  init: () => ({ fn: -1, queue: 0, seq: 0 }),
  on: ['legacy/notified'],
  before: (s, e, m, report) => {
    if (e.type !== 'legacy/notified') return;
    checkDue(s, m, report);
    const f = s.fns[e.fn];
    const q = f?.legacy.queues[e.queue];
    if (!f || !f.life.alive || !q || q.pfn === 0) return;
    if (!(f.legacy.status & VIRTIO_CONFIG_S_DRIVER_OK) || f.legacy.status & VIRTIO_CONFIG_S_NEEDS_RESET) return;
    m.fn = e.fn;
    m.queue = e.queue;
    m.seq = e.seq;
  },
  commandActs: 'flush',
  command: (s, _c, m, report) => checkDue(s, m, report),
  settle: (s, m, report) => checkDue(s, m, report),
};

export const mapperAccessesAnswered: Rule = {
  id: 'host.mapper.accesses-answered',
  actor: 'host',
  section: 'docs/linux-qemu-vfio.md#vfio-virtio-vf-driver-legacy-io-bar — every guest I/O BAR access returns a value ' +
    'or an errno',
  kind: 'liveness',
  description: 'When the run settles, every guest access to a virtual I/O BAR0 has been answered (a value, or a ' +
    'failure with errno).',
  settle: (s, _m, report) => {
    const stuck: string[] = [];
    for (const fn of s.mapper.busy) for (const a of s.mapper.vfs[fn]!.queue) stuck.push(
      `VF ${fn} ${a.write ? 'write' : 'read'} @${a.offset}${a.tag ? ` (${a.tag})` : ''}`);
    if (stuck.length) report(
      `${stuck.length} guest access(es) never answered: ` +
      `${stuck.slice(0, 5).join(', ')}${stuck.length > 5 ? ', ...' : ''}`);
  },
};

export const LEGACY_RULES: readonly Rule[] = [
  readMatchesRegister as Rule,
  isrReadClears as Rule,
  fieldAccess as Rule,
  resetClears as Rule,
  notifyAddressEquivalent as Rule,
  notifyProcessesQueue as Rule,
  mapperAccessesAnswered,
];
