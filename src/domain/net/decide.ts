/**
 * Deciders for a function's own control virtqueue and the PF driver's barrier, and what the PF
 * driver does when it reaps net commands (src/domain/decide.ts calls `netOnReap`).
 *
 * Own control queue ("Control Virtqueue"; EXTENSION trust): honoured for the PF always, for a
 * VF only while it is trusted. It needs a live net function whose driver reached DRIVER_OK (the
 * device uses no buffers before DRIVER_OK) and that is not in DEVICE_NEEDS_RESET.
 */
import type { DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import { InputError } from '../../errors.js';
import { toHex } from '../../util/hex.js';
import { isDriverOk } from '../pf/status.js';
import { VIRTIO_ADMIN_STATUS_OK, VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_NEEDS_RESET } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { encodeNetCtrl, type NetCtrlArgs } from './ctrl.js';
import { execNetCtrl, refuse } from './exec.js';
import type { OpcodeTable } from '../adminq/handler.js';
import { netAdminCtrl } from './adminCmd.js';
import type { Profile } from '../profiles.js';
import { aqCommand } from '../adminq/inflight.js';

function cvqRefusal(s: Readonly<TwinState>, fn: number, profile: Profile): string | null {
  if (s.config.deviceType !== 'net') return 'a blk function has no control virtqueue';
  const f = s.fns[fn];
  if (!f || !f.life.alive) return `function ${fn} does not exist`;
  if (fn === 0) return isDriverOk(s.pf) ? null : 'PF is not DRIVER_OK';
  if (!(f.legacy.status & VIRTIO_CONFIG_S_DRIVER_OK)) return `VF ${fn} is not DRIVER_OK`;
  if (f.legacy.status & VIRTIO_CONFIG_S_NEEDS_RESET) return `VF ${fn} is in DEVICE_NEEDS_RESET`;
  if (!f.net.trusted && !profile.quirks.netTrustIgnored) return `VF ${fn} is not trusted`;
  return null;
}

export function decideCvq(s: Readonly<TwinState>, c: { fn: number; tag?: string } & NetCtrlArgs,
    profile: Profile): EventBody[] {
  const { fn, tag = '' } = c;
  let bytes;
  try {
    bytes = encodeNetCtrl(c);
  } catch (e) {
    throw new InputError(`guest.cvq: ${(e as Error).message}`);
  }
  const why = cvqRefusal(s, fn, profile);
  const out = why ? refuse(fn, 'cvq', -1, bytes.cls, bytes.cmd, why)
    : execNetCtrl(s, fn, bytes.cls, bytes.cmd, bytes.data, 'cvq', -1);
  const submitted: EventBody = { type: 'net/cvqSubmitted', fn, tag, cls: bytes.cls, cmd: bytes.cmd,
    data: toHex(bytes.data) };
  return [submitted, ...out.events, { type: 'net/cvqAcked', fn, tag, ack: out.ack }];
}

export const netDeciders: DeciderMap<'guest.cvq' | 'net.barrier'> = {
  'guest.cvq': (s, c, ctx) => {
    const { op: _op, ...args } = c;
    return decideCvq(s, args, ctx.profile);
  },
  'net.barrier': (s, c) => [{ type: 'net/barrier', fn: c.fn, before: s.aq.nextCid }],
};

/**
 * The PF driver reaps admin completions: a failed net command to VF n submitted before the driver's
 * barrier for n is ignorable (the barrier of the proposal's review: a failure reaped later needs no
 * action; docs/extensions.md#virtio-net-admin-control).
 */
export function netOnReap(s: Readonly<TwinState>, cids: readonly number[], opcodes: OpcodeTable): EventBody[] {
  const out: EventBody[] = [];
  for (const cid of cids) {
    const c = aqCommand(s.aq, cid);
    if (!c || opcodes.handlerFor(c.opcode, s.config) !== netAdminCtrl) continue;
    // A failure is an admin error status, or status OK with ack VIRTIO_NET_ERR (result byte 0).
    const failed = c.status !== VIRTIO_ADMIN_STATUS_OK || c.result?.slice(0, 2) === '01';
    if (!failed) continue;
    const before = s.netCtl.barriers[c.member];
    if (before !== undefined && cid < before) out.push({ type: 'net/staleIgnored', fn: c.member, cid, tag: c.tag });
  }
  return out;
}
