/**
 * The device processing admin commands, and the driver reaping them. Processing is two scheduler
 * steps (start, complete) so a VF can be destroyed in between; validation and effects happen at
 * completion, against the state at that moment.
 */
import type { EventBody } from '../events.js';
import type { WorkItem } from '../items.js';
import type { Profile } from '../profiles.js';
import type { TwinState } from '../state.js';
import { VIRTIO_ADMIN_STATUS_EINVAL, VIRTIO_ADMIN_STATUS_OK, VIRTIO_ADMIN_STATUS_Q_OK } from '../spec/constants.js';
import { commandData, decodeAdminHeader, encodeWritable } from '../../wire/adminCmd.js';
import { fromHex, toHex } from '../../util/hex.js';
import type { OpcodeTable } from './handler.js';
import { validationFailure } from './validate.js';
import { aqCommand } from './inflight.js';
import { raiseInterrupt } from '../msix/raise.js';
import { isDriverOk } from '../pf/status.js';

/** Ready admin-queue work, in queue order (deterministic). */
export function aqItems(s: Readonly<TwinState>, profile: Profile, out: WorkItem[]): void {
  const { queues } = s.aq;
  for (let q = 0; q < queues.length; q++) {
    const queue = queues[q]!;
    if (queue.busy >= 0) {
      out.push({ kind: 'aq.complete', q, cid: queue.busy, tag: aqCommand(s.aq, queue.busy)!.tag });
    } else if (queue.pending.length > 0) {
      // FIFO within a queue: only the oldest command may start, unless the profile reorders.
      const n = profile.quirks.aqReorder ? queue.pending.length : 1;
      for (let i = 0; i < n; i++) {
        const cmd = aqCommand(s.aq, queue.pending[i]!)!;
        if (profile.quirks.stallAcrossDisable && disabledSince(cmd.epoch, s.sriov.epoch)) continue;
        out.push({ kind: 'aq.start', q, cid: cmd.cid, tag: cmd.tag });
      }
    }
    if (queue.used.length > 0) out.push({ kind: 'aq.reap', q });
  }
}

/**
 * Whether an SR-IOV disable happened between epoch `queued` and epoch `now`. The epoch grows on
 * every enable and every disable, and the two alternate from 0 (VF Enable clear), so the move to
 * an even epoch is a disable: there was one iff an even epoch lies in (queued, now].
 */
export function disabledSince(queued: number, now: number): boolean {
  const firstDisable = queued % 2 === 1 ? queued + 1 : queued + 2;
  return now >= firstDisable;
}

export function runAqItem(
  s: Readonly<TwinState>,
  item: Extract<WorkItem, { kind: 'aq.start' | 'aq.complete' | 'aq.reap' }>,
  profile: Profile,
  opcodes: OpcodeTable,
): EventBody[] {
  switch (item.kind) {
    case 'aq.start':
      return [{ type: 'aq/started', q: item.q, cid: item.cid }];
    case 'aq.complete':
      return completeCommand(s, item.q, item.cid, profile, opcodes);
    case 'aq.reap':
      return [{ type: 'aq/reaped', q: item.q, cids: [...s.aq.queues[item.q]!.used] }];
  }
}

function completeCommand(s: Readonly<TwinState>, q: number, cid: number, profile: Profile,
    opcodes: OpcodeTable): EventBody[] {
  const cmd = aqCommand(s.aq, cid)!;
  const req = fromHex(cmd.req);
  const hdr = decodeAdminHeader(req);
  const { quirks } = profile;
  const handler = opcodes.handlerFor(hdr.opcode, s.config);
  const failure = validationFailure(s, hdr, handler, cmd, {
    memberBeforeOpcode: quirks.memberBeforeOpcode,
    checkIncarnation: !quirks.staleIncarnationOk && (handler?.incarnationBound?.(profile) ?? true),
  });
  let status = VIRTIO_ADMIN_STATUS_EINVAL;
  let qualifier = failure ?? VIRTIO_ADMIN_STATUS_Q_OK;
  let result: Uint8Array = new Uint8Array(0);
  let effects: EventBody[] = [];
  if (failure === null) {
    const out = handler!.execute({ state: s, profile, opcodes, cmd, hdr, data: commandData(req),
      resultLen: cmd.resultLen });
    status = out.status;
    qualifier = out.qualifier;
    result = out.result ?? result;
    if (out.status === VIRTIO_ADMIN_STATUS_OK || quirks.errorSideEffects) effects = out.effects ?? [];
  }
  // The device writes only what fits the driver's writable part, and says how much it wrote.
  const w = encodeWritable(status, qualifier, result, cmd.resultLen, cmd.writable);
  const out = effects.slice();
  out.push({ type: 'aq/completed', q, cid, status, qualifier,
    result: toHex(w.bytes.subarray(8, Math.max(8, w.usedLen))), usedLen: w.usedLen });
  // A used buffer on the admin queue: a used-buffer notification on its vector (PF = fn 0), not
  // while the PF lacks DRIVER_OK (a driver that cleared it without a reset).
  if (isDriverOk(s.pf) || quirks.notifyBeforeDriverOk) raiseInterrupt(s, 0, s.aq.queues[q]!.vq, undefined, out);
  return out;
}
