/**
 * The mapper's work (actor `host`), run by the scheduler:
 * - `mapper.issue`: the head access of an idle VF becomes one admin command, through the same
 *   submit path as `aq.submit` (decideSubmit). The split follows vfio: offset < 20 (guest MSI-X
 *   off) or < 24 (on) -> LEGACY_COMMON_CFG_*(offset), else LEGACY_DEV_CFG_*(offset - 20|24).
 *   "MSI-X on" is the VF's MSI-X Enable as the mapper sees it when it issues the command.
 *   Offset 16 (notify) writes the le16 straight to the notification address (first learning it
 *   with LEGACY_NOTIFY_INFO, as vfio does at open); without NOTIFY_INFO it falls back to a
 *   COMMON_CFG_WRITE of Queue Notify ("Legacy Driver Notification").
 *   An opcode outside the in-use set fails with EOPNOTSUPP without reaching the device (Linux
 *   checks supported_cmds); while a LIST_USE is in flight the mapper waits.
 * - `mapper.abort`: the command vanished unreaped (a PF reset aborted it): Linux's reset cleanup
 *   completes it with -EIO, and so does the guest's access.
 * Completions arrive when the PF driver reaps (`mapperOnReap`, called from the reap decision):
 * reaping is what wakes vfio's waiter in Linux.
 */
import type { OpcodeTable } from '../adminq/handler.js';
import { queueOccupancy } from '../adminq/occupancy.js';
import { encodeBuilt } from '../adminq/encode.js';
import { submitEncoded } from '../adminq/submit.js';
import type { EventBody, EventOf } from '../events.js';
import type { WorkItem } from '../items.js';
import type { Profile } from '../profiles.js';
import { statusName } from '../spec/names.js';
import * as C from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { decideAddressWrite } from '../legacy/notify.js';
import * as L from '../spec/legacy.js';
import { fromHex, toHex } from '../../util/hex.js';
import { readLe, writeLe } from '../../wire/bytes.js';
import type { GuestAccess } from './types.js';
import { aqCommand } from '../adminq/inflight.js';
import { mapperVf } from './table.js';

const MAPPER_QUEUE = 0;

/** Whether the head access needs an admin command now (else it completes without one). */
function needsAdmin(s: Readonly<TwinState>, fn: number, a: GuestAccess): boolean {
  const f = s.fns[fn]!;
  if (!f.life.alive || f.life.incarnation !== a.incarnation) return false;
  if (a.offset !== L.VIRTIO_PCI_QUEUE_NOTIFY) return true;
  return a.write && (!s.config.legacyNotifyInfo || f.mapper.notifyBar === 0);
}

/** LIST_USE in flight: the PF driver sends nothing else meanwhile ("Administration Virtqueues"). */
function listUsePending(s: Readonly<TwinState>): boolean {
  for (const queue of s.aq.queues) for (const cid of queue.pending)
    if (aqCommand(s.aq, cid)!.opcode === C.VIRTIO_ADMIN_CMD_LIST_USE) return true;
  return false;
}

/** Whether the mapper may put a command on its admin queue now (computed once per menu, lazily). */
function hasRoom(s: Readonly<TwinState>): boolean {
  const q = s.aq.queues[MAPPER_QUEUE];
  // Linux spins while the admin ring is full: no progress for accesses that need a command.
  return q !== undefined && queueOccupancy(q) < s.config.aqDepth && !listUsePending(s);
}

/** Ready mapper work, VFs in the order their work arrived: O(busy VFs). */
export function mapperItems(s: Readonly<TwinState>, out: WorkItem[]): void {
  let room: boolean | undefined;
  const busy = s.mapper.busy;
  for (let i = 0; i < busy.length; i++) {
    const fn = busy[i]!;
    const v = s.mapper.vfs[fn]!;
    const a = v.queue[0]!;
    if (v.inflight < 0) {
      if (!needsAdmin(s, fn, a) || (room ??= hasRoom(s))) out.push({ kind: 'mapper.issue', fn, tag: a.tag });
    } else if (aqCommand(s.aq, v.inflight) === undefined) {
      out.push({ kind: 'mapper.abort', fn, tag: a.tag });
    }
  }
}

type IoCompleted = Extract<EventBody, { type: 'mapper/ioCompleted' }>;

/** The plain success result, shared (done() only reads it). */
const OK = Object.freeze({ ok: true });

function done(fn: number, a: GuestAccess, cid: number,
    r: { ok: boolean; data?: Uint8Array; errno?: string }): IoCompleted {
  if (!r.data && !r.errno) {
    // Every write that succeeds (a notify among them): the envelope slotted (Engine.executeWith).
    const plain: EventOf<'mapper/ioCompleted'> = { type: 'mapper/ioCompleted', fn, id: a.id, tag: a.tag, cid,
      write: a.write, offset: a.offset, size: a.size, ok: r.ok, seq: 0, tick: 0, cause: 0 };
    return plain;
  }
  const e: IoCompleted = { type: 'mapper/ioCompleted', fn, id: a.id, tag: a.tag, cid, write: a.write, offset: a.offset,
    size: a.size, ok: r.ok };
  if (r.data) {
    e.data = toHex(r.data);
    if (a.size <= 6) e.value = readLe(r.data, 0, a.size);
  }
  if (r.errno) e.errno = r.errno;
  return e;
}

/**
 * The admin command vfio sends for an access: opcode and the handler's parameters (the access was
 * validated when it entered, so they pass the handler's schema as they are).
 */
function commandFor(s: Readonly<TwinState>, fn: number, a: GuestAccess):
    { opcode: number; params: Record<string, unknown> } {
  if (a.offset === L.VIRTIO_PCI_QUEUE_NOTIFY && a.write
    && s.config.legacyNotifyInfo) return { opcode: C.VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO, params: {} };
  const cfg = L.VIRTIO_PCI_CONFIG_OFF(s.fns[fn]!.msix.enabled);
  const common = a.offset < cfg;
  const offset = common ? a.offset : a.offset - cfg;
  if (!a.write) return { opcode: common ? C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ
    : C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ, params: { offset, size: a.size } };
  const bytes = new Uint8Array(a.size);
  writeLe(bytes, 0, a.size, a.value);
  const data = toHex(bytes);
  return { opcode: common ? C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE : C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE,
    params: { offset, data } };
}

/** Appends the issue's events to `out` (the caller's list: no intermediate arrays on this hot path). */
function issue(s: Readonly<TwinState>, fn: number, profile: Profile, opcodes: OpcodeTable, out: EventBody[]): void {
  const v = s.mapper.vfs[fn]!;
  const a = v.queue[0]!;
  const f = s.fns[fn]!;
  // The guest's vfio device went away with its VF; a re-created VF is a different device.
  if (!f.life.alive || f.life.incarnation !== a.incarnation) {
    out.push(done(fn, a, -1, { ok: false, errno: 'ENODEV' }));
    return;
  }
  if (a.offset === L.VIRTIO_PCI_QUEUE_NOTIFY && !a.write) {
    // vfio reads the notification address itself; notify registers read as 0.
    out.push(done(fn, a, -1, { ok: true, data: new Uint8Array(2) }));
    return;
  }
  if (!needsAdmin(s, fn, a)) {
    // The fast path: a direct 16-bit MMIO write to the VF's notification address, no admin command.
    decideAddressWrite(s, fn, f.mapper.notifyBar, f.mapper.notifyOffset, a.value & 0xffff, profile, out);
    out.push(done(fn, a, -1, OK));
    return;
  }
  const cmd = commandFor(s, fn, a);
  // Linux refuses an opcode outside the in-use set (supported_cmds) before it reaches the device.
  if (!(s.aq.inUse[C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV] ?? []).includes(cmd.opcode)) {
    out.push(done(fn, a, -1, { ok: false, errno: 'EOPNOTSUPP' }));
    return;
  }
  const tag = a.tag || `io${a.id}`;
  const sub = submitEncoded(s, MAPPER_QUEUE, tag, encodeBuilt(opcodes, cmd.opcode, fn, cmd.params, s.config));
  out.push(sub);
  if (sub.type === 'aq/rejected') out.push(done(fn, a, -1, { ok: false, errno: sub.errno }));
  else if (sub.type === 'aq/submitted') out.push({ type: 'mapper/issued', fn, cid: sub.cid,
    purpose: cmd.opcode === C.VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO ? 'notify-info' : 'access' });
}

/** Appends the item's events to `out` (and returns it). */
export function runMapperItem(
  s: Readonly<TwinState>,
  item: Extract<WorkItem, { kind: 'mapper.issue' | 'mapper.abort' }>,
  profile: Profile,
  opcodes: OpcodeTable,
  out: EventBody[] = [],
): EventBody[] {
  if (item.kind === 'mapper.issue') issue(s, item.fn, profile, opcodes, out);
  else {
    const v = s.mapper.vfs[item.fn]!;
    out.push(done(item.fn, v.queue[0]!, v.inflight, { ok: false, errno: 'EIO' }));
  }
  return out;
}

/** First valid member-BAR entry of a NOTIFY_INFO result (what vfio asks for: flags 0x2). */
function memberEntry(result: Uint8Array): { bar: number; offset: number } | null {
  for (let i = 0; i < L.VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO; i++) {
    const base = i * L.NOTIFY_INFO_ENTRY_BYTES;
    const flags = result[base + L.NOTIFY_INFO_OFF_FLAGS] ?? 0;
    if (flags === L.VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_END) return null;
    const bar = result[base + L.NOTIFY_INFO_OFF_BAR] ?? 0;
    const offset = readLe(result, base + L.NOTIFY_INFO_OFF_OFFSET, 8);
    // Driver normative: ignore entries with other flags, an invalid BAR or a misaligned offset.
    if (flags === L.VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM && bar >= 1 && bar <= 5
      && offset % 2 === 0) return { bar, offset };
  }
  return null;
}

/** The PF driver reaped these cids: wake the mapper's waiters (called with the pre-reap state). */
export function mapperOnReap(s: Readonly<TwinState>, cids: readonly number[]): EventBody[] {
  const out: EventBody[] = [];
  for (const cid of cids) {
    // The command names its VF; it is the mapper's if that VF's access waits for this cid.
    const c = aqCommand(s.aq, cid);
    if (c === undefined) continue;
    const fn = c.member;
    const v = mapperVf(s.mapper, fn);
    if (v === null || v.inflight !== cid) continue;
    const a = v.queue[0]!;
    const result = fromHex(c.result ?? '');
    if (c.status !== C.VIRTIO_ADMIN_STATUS_OK) {
      out.push(done(fn, a, cid, { ok: false, errno: statusName(c.status ?? 0) }));
    } else if (v.purpose === 'notify-info') {
      const e = memberEntry(result);
      // Linux: no usable member entry -> -ENOENT (vfio would not offer legacy I/O at all).
      out.push(e ? { type: 'mapper/notifyLearned', fn, cid, ...e } : done(fn, a, cid, { ok: false, errno: 'ENOENT' }));
    } else if (a.write) {
      out.push(done(fn, a, cid, { ok: true }));
    } else {
      // A short result leaves the rest of vfio's bounce buffer as it was: zeros here.
      const data = new Uint8Array(a.size);
      data.set(result.subarray(0, a.size));
      out.push(done(fn, a, cid, { ok: true, data }));
    }
  }
  return out;
}
