/**
 * Driver notifications for legacy VFs ("Legacy Interface / Legacy Driver Notification"):
 * - a LEGACY_COMMON_CFG_WRITE of Queue Notify, or
 * - a le16 queue index written to a notification address from LEGACY_NOTIFY_INFO, which "MUST
 *   function as if the device received the notification through LEGACY_COMMON_CFG_WRITE".
 *
 * The effect the twin makes visible: on a live queue (PFN set) of a DRIVER_OK VF that does not
 * need a reset, every available buffer becomes used and the queue's interrupt is raised (MSI-X
 * vector, or ISR bit 0 + INTx). Otherwise the notify is recorded as ignored with the reason.
 */
import type { DeviceConfig } from '../config.js';
import type { EventBody, EventOf } from '../events.js';
import { raiseInterrupt } from '../msix/raise.js';
import type { Profile } from '../profiles.js';
import type { TwinState } from '../state.js';
import type { NotifyEntryConfig } from './config.js';
import {
  NOTIFY_INFO_ENTRY_BYTES,
  NOTIFY_INFO_OFF_BAR,
  NOTIFY_INFO_OFF_FLAGS,
  NOTIFY_INFO_OFF_OFFSET,
  VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO,
  VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_DEV,
  VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM,
} from '../spec/legacy.js';
import { VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_NEEDS_RESET } from '../spec/constants.js';
import { writeLe } from '../../wire/bytes.js';

/** Appends to `out` (and returns it): hot callers pass their own list rather than spreading ours. */
export function processNotify(s: Readonly<TwinState>, fn: number, queue: number,
    via: 'common-cfg' | 'address', out: EventBody[] = []): EventBody[] {
  const notified: EventOf<'legacy/notified'> = { type: 'legacy/notified', fn, queue, via, seq: 0, tick: 0, cause: 0 };
  out.push(notified); // slotted (Engine.executeWith)
  const l = s.fns[fn]!.legacy;
  const q = l.queues[queue];
  const reason = !q ? `queue ${queue} does not exist`
    : q.pfn === 0 ? `queue ${queue} has no PFN`
    : !(l.status & VIRTIO_CONFIG_S_DRIVER_OK) ? 'VF is not DRIVER_OK'
    : l.status & VIRTIO_CONFIG_S_NEEDS_RESET ? 'VF needs a reset'
    : null;
  if (reason !== null) out.push({ type: 'legacy/notifyIgnored', fn, queue, reason });
  else {
    const processed: EventOf<'legacy/queueProcessed'> =
      { type: 'legacy/queueProcessed', fn, queue, consumed: q!.avail, seq: 0, tick: 0, cause: 0 }; // slotted
    out.push(processed);
    if (q!.avail > 0) raiseInterrupt(s, fn, queue, undefined, out);
  }
  return out;
}

/** The notification address NOTIFY_INFO reports to VF `member` for one configured entry. */
export function entryOffset(e: NotifyEntryConfig, member: number): number {
  return e.flags === 'member' ? e.offset : e.offset + (member - 1) * e.stride;
}

/**
 * `struct virtio_admin_cmd_legacy_notify_info_result` for VF `member`: 4 x 16 bytes, end marker =
 * zeros. The last entry is always the end marker (device normative: its flags MUST be 0).
 */
export function encodeNotifyInfo(config: DeviceConfig, member: number): Uint8Array {
  const out = new Uint8Array(VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO * NOTIFY_INFO_ENTRY_BYTES);
  config.legacyNotify.slice(0, VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO - 1).forEach((e, i) => {
    const base = i * NOTIFY_INFO_ENTRY_BYTES;
    out[base + NOTIFY_INFO_OFF_FLAGS] = e.flags === 'owner'
      ? VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_DEV : VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM;
    out[base + NOTIFY_INFO_OFF_BAR] = e.bar;
    writeLe(out, base + NOTIFY_INFO_OFF_OFFSET, 8, entryOffset(e, member));
  });
  return out;
}

/**
 * Which VF a BAR write notifies, as this device decodes addresses: a member entry in VF `fn`'s
 * own BAR, or an owner entry in the PF's BAR (fn 0) at offset + (n - 1) * stride. 0 = none.
 */
export function notifyTarget(s: Readonly<TwinState>, fn: number, bar: number, offset: number,
    profile: Profile): number {
  if (!s.config.legacyNotifyInfo) return 0;
  for (const e of s.config.legacyNotify) {
    if (e.bar !== bar) continue;
    if (e.flags === 'member' && fn >= 1 && offset === e.offset) return fn;
    if (e.flags === 'owner' && fn === 0 && offset >= e.offset && (offset - e.offset) % e.stride === 0) {
      // A quirk: the device decodes owner-BAR addresses one VF off (member n written, n + 1 notified).
      const n = (offset - e.offset) / e.stride + (profile.quirks.notifyOffByOne ? 2 : 1);
      return n <= s.sriov.numVFs ? n : 0;
    }
  }
  return 0;
}

/**
 * The host writes a le16 to BAR `bar` of function `fn` (0 = PF): a notify if that is a notification
 * address. Appends to `out` and returns it.
 */
export function decideAddressWrite(s: Readonly<TwinState>, fn: number, bar: number, offset: number, value: number,
    profile: Profile, out: EventBody[] = []): EventBody[] {
  const written: EventOf<'legacy/addressWritten'> =
    { type: 'legacy/addressWritten', fn, bar, offset, value, seq: 0, tick: 0, cause: 0 }; // slotted
  out.push(written);
  const vf = s.sriov.vfEnable ? notifyTarget(s, fn, bar, offset, profile) : 0;
  if (vf === 0 || !s.fns[vf]?.life.alive) {
    out.push({ type: 'legacy/notifyMissed', fn, bar, offset, value });
    return out;
  }
  return processNotify(s, vf, value & 0xffff, 'address', out);
}
