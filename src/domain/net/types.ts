/**
 * Per-function virtio-net control state (`fns[i].net`), what the control virtqueue classes change
 * ("Network Device / Device Operation / Control Virtqueue"), plus the extension's trust flag.
 * MACs are 12 lower-case hex digits (wire order), VLAN ids sorted ascending.
 *
 * What a VF reset (status 0) clears: the RX mode, the MAC table, the VLAN table and the queue
 * pairs ("Reset leaves an empty MAC table and receiveq1 as the only receive queue"). What it
 * keeps: `mac` (device config, provisioned by the PF) and `trusted` (management state).
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_NET_S_LINK_UP } from '../spec/net.js';

export interface NetFnState {
  /** virtio_net_config.mac. */
  mac: string;
  /** virtio_net_config.status (LINK_UP, ANNOUNCE). */
  status: number;
  /** Bit n set = RX mode command n (PROMISC 0 .. NOBCAST 5) is on. */
  rx: number;
  /** MAC filter table from VIRTIO_NET_CTRL_MAC_TABLE_SET. */
  uni: string[];
  multi: string[];
  /** VLAN filter table (VIRTIO_NET_CTRL_VLAN_ADD/DEL), sorted. */
  vlans: number[];
  /** Active queue pairs (VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET); 1 after reset. */
  vqPairs: number;
  /** EXTENSION trust: whether this VF's own control virtqueue is honoured. */
  trusted: boolean;
}

/** A locally administered, per-function default MAC: 02:00:00:00:hi:lo of the function number. */
export function defaultMac(fn: number): string {
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `02000000${h((fn >> 8) & 0xff)}${h(fn & 0xff)}`;
}

export function initialNet(config: DeviceConfig, fn: number): NetFnState {
  const mac = config.vfMacs[String(fn)] ?? defaultMac(fn);
  const trusted = fn === 0 || config.netVfTrusted;
  return { mac, status: VIRTIO_NET_S_LINK_UP, rx: 0, uni: [], multi: [], vlans: [], vqPairs: 1, trusted };
}

/** Driver-side (PF) bookkeeping in the core: barriers and what they let the driver ignore. */
export interface NetCtlState {
  /**
   * VF -> first cid submitted after the driver's barrier for that VF
   * (docs/extensions.md#virtio-net-admin-control).
   */
  barriers: Record<number, number>;
  /** Failures of pre-barrier commands the driver ignored (count). */
  staleIgnored: number;
  /** Acks of tagged guest control-queue commands, by tag (VIRTIO_NET_OK / VIRTIO_NET_ERR). */
  acks: Record<string, number>;
}

export function initialNetCtl(): NetCtlState {
  return { barriers: {}, staleIgnored: 0, acks: {} };
}
