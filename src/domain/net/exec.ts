/**
 * The device executing one virtio-net control command for function `fn` ("Control Virtqueue",
 * device requirements), whichever path it came by. Returns the ack and the events to apply.
 *
 * - RX: data u8 0/1, anything else is refused. MAC TABLE_SET: both tables must parse exactly,
 *   at most MAC_TABLE_MAX entries (QEMU's limit; the spec sets none). ADDR_SET: 6 bytes.
 * - VLAN: vid < 4096. MQ VQ_PAIRS_SET: 1..max_virtqueue_pairs (spec: the driver MUST NOT send 0
 *   or more than the maximum; the device refuses it). RSS/HASH config are not offered.
 * - EXTENSION ADMIN/TRUST_SET only through the PF (admin path), never from a function's own cvq.
 * - A MAC changed through the PF is a device-config change for the VF: ISR bit 1 and a config
 *   interrupt if the VF's driver is running ("Notification of Device Configuration Changes").
 */
import type { EventBody } from '../events.js';
import { raiseInterrupt } from '../msix/raise.js';
import type { TwinState } from '../state.js';
import { readLe } from '../../wire/bytes.js';
import { toHex } from '../../util/hex.js';
import { VIRTIO_CONFIG_S_DRIVER_OK } from '../spec/constants.js';
import type { NetChange, NetVia } from './events.js';
import { EXT_NET_CTRL_ADMIN, EXT_NET_CTRL_ADMIN_TRUST_SET } from './extension.js';
import * as N from '../spec/net.js';

export const MAC_TABLE_MAX = 64;

export interface NetExec {
  ack: number;
  events: EventBody[];
}

function parseTable(data: Uint8Array, at: number): { macs: string[]; next: number } | null {
  if (at + 4 > data.length) return null;
  const n = readLe(data, at, 4);
  const end = at + 4 + 6 * n;
  if (n > MAC_TABLE_MAX || end > data.length) return null;
  const macs: string[] = [];
  for (let i = 0; i < n; i++) macs.push(toHex(data.subarray(at + 4 + 6 * i, at + 10 + 6 * i)));
  return { macs, next: end };
}

/** The change a command asks for, or the reason it is refused. */
function changeFor(s: Readonly<TwinState>, cls: number, cmd: number, data: Uint8Array, via: NetVia): NetChange
    | string {
  switch (cls) {
    case N.VIRTIO_NET_CTRL_RX:
      if (cmd > N.VIRTIO_NET_CTRL_RX_NOBCAST) return `unknown RX command ${cmd}`;
      if (data.length < 1 || data[0]! > 1) return 'RX data must be one byte 0 or 1';
      return { kind: 'rx', flag: cmd, on: data[0] === 1 };
    case N.VIRTIO_NET_CTRL_MAC: {
      if (cmd === N.VIRTIO_NET_CTRL_MAC_ADDR_SET) return data.length >= 6
        ? { kind: 'mac', mac: toHex(data.subarray(0, 6)) } : 'ADDR_SET needs 6 bytes';
      if (cmd !== N.VIRTIO_NET_CTRL_MAC_TABLE_SET) return `unknown MAC command ${cmd}`;
      const uni = parseTable(data, 0);
      const multi = uni && parseTable(data, uni.next);
      if (!uni || !multi
        || multi.next !== data.length) return `malformed MAC table (at most ${MAC_TABLE_MAX} entries each)`;
      return { kind: 'macTable', uni: uni.macs, multi: multi.macs };
    }
    case N.VIRTIO_NET_CTRL_VLAN: {
      if (cmd > N.VIRTIO_NET_CTRL_VLAN_DEL) return `unknown VLAN command ${cmd}`;
      const vid = readLe(data, 0, 2);
      if (data.length < 2 || vid >= N.VLAN_VID_LIMIT) return `vid ${vid} out of range 0..4095`;
      return cmd === N.VIRTIO_NET_CTRL_VLAN_ADD ? { kind: 'vlanAdd', vid } : { kind: 'vlanDel', vid };
    }
    case N.VIRTIO_NET_CTRL_ANNOUNCE:
      return cmd === N.VIRTIO_NET_CTRL_ANNOUNCE_ACK ? { kind: 'announceAck' } : `unknown ANNOUNCE command ${cmd}`;
    case N.VIRTIO_NET_CTRL_MQ: {
      if (cmd !== N.VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) return `MQ command ${cmd} not offered (no RSS / hash reporting)`;
      const pairs = readLe(data, 0, 2);
      if (data.length < 2 || pairs < N.VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN || pairs > s.config.netMaxVqPairs) {
        return `virtqueue_pairs ${pairs} outside 1..${s.config.netMaxVqPairs}`;
      }
      return { kind: 'vqPairs', pairs };
    }
    case EXT_NET_CTRL_ADMIN:
      if (via !== 'admin') return 'the ADMIN class is accepted only through the PF';
      if (cmd !== EXT_NET_CTRL_ADMIN_TRUST_SET || data.length < 1
        || data[0]! > 1) return 'TRUST_SET takes one byte 0 or 1';
      return { kind: 'trust', trusted: data[0] === 1 };
    default:
      return `class ${cls} not offered`;
  }
}

export function execNetCtrl(s: Readonly<TwinState>, fn: number, cls: number, cmd: number, data: Uint8Array,
    via: NetVia, cid: number): NetExec {
  const change = changeFor(s, cls, cmd, data, via);
  if (typeof change === 'string') return refuse(fn, via, cid, cls, cmd, change);
  const events: EventBody[] = [{ type: 'net/applied', fn, via, cid, change }];
  if (change.kind === 'mac' && via === 'admin' && fn >= 1 && s.fns[fn]!.legacy.status & VIRTIO_CONFIG_S_DRIVER_OK) {
    events.push(...raiseInterrupt(s, fn, 'config'));
  }
  return { ack: N.VIRTIO_NET_OK, events };
}

export function refuse(fn: number, via: NetVia, cid: number, cls: number, cmd: number, reason: string): NetExec {
  return { ack: N.VIRTIO_NET_ERR, events: [{ type: 'net/refused', fn, via, cid, cls, cmd, errno: 'EINVAL', reason }] };
}
