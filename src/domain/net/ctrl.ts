/**
 * Typed virtio-net control commands (as scenarios write them) -> `virtio_net_ctrl` class, command
 * and data bytes ("Control Virtqueue" class table). Shared by the PF's EXT_NET_ADMIN_CTRL and a
 * function's own control queue (`guest.cvq`), so both paths reach the device as the same bytes.
 *
 * | class        | commands (value)                                      | data                       |
 * |--------------|-------------------------------------------------------|----------------------------|
 * | RX 0         | PROMISC 0 ALLMULTI 1 ALLUNI 2 NOMULTI 3 NOUNI 4 NOBCAST 5 | u8 on (0/1)            |
 * | MAC 1        | TABLE_SET 0                                           | le32 n; mac[n]; le32 m; mac[m] |
 * |              | ADDR_SET 1                                            | u8 mac[6]                  |
 * | VLAN 2       | ADD 0, DEL 1                                          | le16 vid                   |
 * | ANNOUNCE 3   | ACK 0                                                 | none                       |
 * | MQ 4         | VQ_PAIRS_SET 0 (RSS_CONFIG 1, HASH_CONFIG 2 refused)  | le16 virtqueue_pairs       |
 * | ADMIN 0x80   | TRUST_SET 0 (EXTENSION, PF admin path only)           | u8 trusted                 |
 */
import { z } from 'zod';
import { fromHex, normaliseHex } from '../../util/hex.js';
import { writeLe } from '../../wire/bytes.js';
import { EXT_NET_CTRL_ADMIN } from './extension.js';
import * as N from '../spec/net.js';

export const CLASS_NAMES: Readonly<Record<string, number>> = {
  RX: N.VIRTIO_NET_CTRL_RX,
  MAC: N.VIRTIO_NET_CTRL_MAC,
  VLAN: N.VIRTIO_NET_CTRL_VLAN,
  ANNOUNCE: N.VIRTIO_NET_CTRL_ANNOUNCE,
  MQ: N.VIRTIO_NET_CTRL_MQ,
  ADMIN: EXT_NET_CTRL_ADMIN,
};

export const COMMAND_NAMES: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  [N.VIRTIO_NET_CTRL_RX]: { PROMISC: 0, ALLMULTI: 1, ALLUNI: 2, NOMULTI: 3, NOUNI: 4, NOBCAST: 5 },
  [N.VIRTIO_NET_CTRL_MAC]: { TABLE_SET: N.VIRTIO_NET_CTRL_MAC_TABLE_SET, ADDR_SET: N.VIRTIO_NET_CTRL_MAC_ADDR_SET },
  [N.VIRTIO_NET_CTRL_VLAN]: { ADD: N.VIRTIO_NET_CTRL_VLAN_ADD, DEL: N.VIRTIO_NET_CTRL_VLAN_DEL },
  [N.VIRTIO_NET_CTRL_ANNOUNCE]: { ACK: N.VIRTIO_NET_CTRL_ANNOUNCE_ACK },
  [N.VIRTIO_NET_CTRL_MQ]: { VQ_PAIRS_SET: 0, RSS_CONFIG: 1, HASH_CONFIG: 2 },
  [EXT_NET_CTRL_ADMIN]: { TRUST_SET: 0 },
};

/** "02:00:00:00:00:01", "02-00-...", or 12 hex digits. */
export const macString = z.string().refine((v) => normaliseHex(v)?.length === 12,
  { message: 'expected a MAC address (6 bytes of hex)' });
const hexString = z.string().refine((v) => normaliseHex(v) !== null, { message: 'expected a hex string' });

/** Scenario parameters of one control command. Out-of-range values are allowed on purpose: the device must refuse them.
 * */
export const netCtrlArgs = {
  class: z.union([z.enum(['RX', 'MAC', 'VLAN', 'ANNOUNCE', 'MQ', 'ADMIN']), z.int().min(0).max(255)]),
  command: z.union([z.string().min(1), z.int().min(0).max(255)]),
  on: z.boolean().optional(),
  mac: macString.optional(),
  unicast: z.array(macString).optional(),
  multicast: z.array(macString).optional(),
  vid: z.int().min(0).max(0xffff).optional(),
  pairs: z.int().min(0).max(0xffff).optional(),
  trusted: z.boolean().optional(),
  /** Raw virtio_net_ctrl.data instead of the typed fields. */
  payload: hexString.optional(),
};
export const netCtrlSchema = z.strictObject(netCtrlArgs);
export type NetCtrlArgs = z.output<typeof netCtrlSchema>;

export interface NetCtrlBytes {
  cls: number;
  cmd: number;
  data: Uint8Array;
}

export function normMac(mac: string): string {
  return normaliseHex(mac)!;
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new RangeError(`${what} is required for this command`);
  return v;
}

function macTable(list: string[]): Uint8Array {
  const out = new Uint8Array(4 + 6 * list.length);
  writeLe(out, 0, 4, list.length);
  list.forEach((m, i) => out.set(fromHex(m), 4 + 6 * i));
  return out;
}

/** Typed args -> class, command, data. Throws RangeError naming what is wrong (callers wrap it). */
export function encodeNetCtrl(a: NetCtrlArgs): NetCtrlBytes {
  const cls = typeof a.class === 'number' ? a.class : CLASS_NAMES[a.class]!;
  const names = COMMAND_NAMES[cls] ?? {};
  const cmd = typeof a.command === 'number' ? a.command : names[a.command];
  if (cmd === undefined) throw new RangeError(
    `unknown command ${JSON.stringify(a.command)} for class ${a.class} (known: ` +
    `${Object.keys(names).join(', ') || 'none'})`);
  if (a.payload !== undefined) return { cls, cmd, data: fromHex(a.payload) };
  const le16 = (v: number) => {
    const b = new Uint8Array(2);
    writeLe(b, 0, 2, v);
    return b;
  };
  let data: Uint8Array = new Uint8Array(0);
  if (cls === N.VIRTIO_NET_CTRL_RX) data = Uint8Array.of(need(a.on, 'on') ? 1 : 0);
  else if (cls === N.VIRTIO_NET_CTRL_MAC && cmd === N.VIRTIO_NET_CTRL_MAC_ADDR_SET) data = fromHex(need(a.mac, 'mac'));
  else if (cls === N.VIRTIO_NET_CTRL_MAC && cmd === N.VIRTIO_NET_CTRL_MAC_TABLE_SET) {
    const u = macTable(a.unicast ?? []);
    const m = macTable(a.multicast ?? []);
    data = new Uint8Array(u.length + m.length);
    data.set(u, 0);
    data.set(m, u.length);
  } else if (cls === N.VIRTIO_NET_CTRL_VLAN) data = le16(need(a.vid, 'vid'));
  else if (cls === N.VIRTIO_NET_CTRL_MQ && cmd === N.VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) data =
    le16(need(a.pairs, 'pairs'));
  else if (cls === EXT_NET_CTRL_ADMIN) data = Uint8Array.of(need(a.trusted, 'trusted') ? 1 : 0);
  return { cls, cmd, data };
}
