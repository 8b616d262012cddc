/** The device features a VF offers through its legacy register file (Device features, bits 0-31). */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_CONFIG_WCE, VIRTIO_BLK_F_FLUSH,
  VIRTIO_BLK_F_SEG_MAX } from '../spec/blk.js';
import {
  VIRTIO_NET_F_CTRL_MAC_ADDR,
  VIRTIO_NET_F_CTRL_RX,
  VIRTIO_NET_F_CTRL_RX_EXTRA,
  VIRTIO_NET_F_CTRL_VLAN,
  VIRTIO_NET_F_CTRL_VQ,
  VIRTIO_NET_F_MAC,
  VIRTIO_NET_F_STATUS,
} from '../spec/net.js';

/**
 * Device features bits 0-31 a VF offers through the legacy file. net: no MQ (the legacy BAR of a
 * transitional VF carries no max_virtqueue_pairs). blk: FLUSH is offered with CONFIG_WCE, as the
 * blk device normative requires. The `legacyFeatures` device option replaces the set (a capture's).
 */
export function legacyDeviceFeatures(config: DeviceConfig): number {
  if (config.legacyFeatures !== undefined) return config.legacyFeatures;
  const bits =
    config.deviceType === 'net'
      ? [VIRTIO_NET_F_MAC, VIRTIO_NET_F_STATUS, VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_CTRL_RX, VIRTIO_NET_F_CTRL_VLAN,
        VIRTIO_NET_F_CTRL_RX_EXTRA, VIRTIO_NET_F_CTRL_MAC_ADDR]
      : [VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_CONFIG_WCE];
  let v = 0;
  for (const b of bits) v += 2 ** b;
  return v;
}
