/**
 * The PF driver submits an admin command. What Linux does
 * (docs/linux-qemu-vfio.md#submitting-and-completing-admin-commands): no admin queue (none
 * configured, or VIRTIO_F_ADMIN_VQ not negotiated) or a PF not at DRIVER_OK -> -EIO; ring full ->
 * -ENOSPC (Linux spins; the twin reports it, so a scenario can see the driver blocked). The driver
 * remembers which VF incarnation it addressed.
 */
import type { CommandOf } from '../commands.js';
import type { EventBody } from '../events.js';
import { hasFeature, isDriverOk } from '../pf/status.js';
import { ADMIN_CMD_STATUS_BYTES, VIRTIO_ADMIN_GROUP_TYPE_SRIOV, VIRTIO_F_ADMIN_VQ } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { decodeAdminHeader } from '../../wire/adminCmd.js';
import { fromHex, toHex } from '../../util/hex.js';
import { encodeTyped, type EncodedCmd } from './encode.js';
import type { OpcodeTable } from './handler.js';
import { queueOccupancy } from './occupancy.js';
import { writableLayout } from './writable.js';

export function decideSubmit(s: Readonly<TwinState>, c: CommandOf<'aq.submit'>, opcodes: OpcodeTable): EventBody[] {
  const q = c.queue ?? 0;
  const tag = c.tag ?? `c${s.aq.nextCid}`;
  const refused = refusal(s, q, tag);
  if (refused) return [refused];
  const enc = c.raw !== undefined ? { req: fromHex(c.raw), resultLen: c.resultBytes ?? 0 }
    : encodeTyped(opcodes, c.cmd!, c.resultBytes, s.config);
  return [submitted(s, q, tag, enc, c.writable)];
}

/**
 * Submit a command the twin encoded itself (the host mapper's): the same checks and event as
 * `aq.submit`, the encoding done by the caller.
 */
export function submitEncoded(s: Readonly<TwinState>, q: number, tag: string, enc: EncodedCmd): EventBody {
  return refusal(s, q, tag) ?? submitted(s, q, tag, enc, undefined);
}

/** Why the driver cannot submit on queue `q` now, as the rejection event; null if it can. */
function refusal(s: Readonly<TwinState>, q: number, tag: string): EventBody | null {
  const queue = s.aq.queues[q];
  if (!queue) return { type: 'aq/rejected', q, tag, errno: 'EIO',
    reason: `no admin queue ${q} (admin_queue_num = ${s.aq.queues.length})` };
  if (!isDriverOk(s.pf)) return { type: 'aq/rejected', q, tag, errno: 'EIO',
    reason: 'PF is not DRIVER_OK: the admin queue is not set up' };
  // admin_queue_index/num are valid only once VIRTIO_F_ADMIN_VQ is negotiated; without it the
  // driver has no admin queue at all (Linux: no VQ -> -EIO).
  if (!hasFeature(s.pf, VIRTIO_F_ADMIN_VQ)) return { type: 'aq/rejected', q, tag, errno: 'EIO',
    reason: 'VIRTIO_F_ADMIN_VQ (41) not negotiated: no admin queue' };
  if (queueOccupancy(queue) >= s.config.aqDepth) {
    return { type: 'aq/rejected', q, tag, errno: 'ENOSPC',
      reason: `admin queue ${q} full (${s.config.aqDepth} descriptors in use)` };
  }
  return null;
}

function submitted(s: Readonly<TwinState>, q: number, tag: string, enc: EncodedCmd,
    writable: CommandOf<'aq.submit'>['writable']): EventBody {
  // A `writable` layout sets the writable part's total length; the device sees only that.
  const total = writable ? writableLayout(writable, enc.resultLen).bytes : ADMIN_CMD_STATUS_BYTES + enc.resultLen;
  const hdr = decodeAdminHeader(enc.req);
  let incarnation = 0;
  if (hdr.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && hdr.member >= 1 && hdr.member <= s.sriov.numVFs) {
    const life = s.fns[hdr.member]!.life;
    if (life.alive) incarnation = life.incarnation;
  }
  return {
    type: 'aq/submitted',
    q,
    cid: s.aq.nextCid,
    tag,
    req: toHex(enc.req),
    resultLen: Math.max(0, total - ADMIN_CMD_STATUS_BYTES),
    // Only a writable part shorter than the status block needs saying: else it is 8 + resultLen.
    ...(total < ADMIN_CMD_STATUS_BYTES ? { writable: total } : {}),
    opcode: hdr.opcode,
    groupType: hdr.groupType,
    member: hdr.member,
    incarnation,
    epoch: s.sriov.epoch,
  };
}
