/**
 * The legacy register map as field tables, and the "single field" test the device applies to the
 * common header ("Legacy Interface" device normative: the device MUST fail a command whose offset
 * and length do not refer to a single field or are not completely within the region). Device
 * config is different: a legacy driver MAY read or write it with any width, and a transitional
 * device MUST give the same results as natural-width accesses (virtio 1.4 §4.1.4.10 Legacy
 * Interfaces: A Note on PCI Device Layout), so any access inside the device region is accepted.
 *
 * Common region (legacy header; device config excluded):
 * | off | size | access | field                               |
 * |-----|------|--------|-------------------------------------|
 * | 0   | 4    | R      | device features bits 0-31           |
 * | 4   | 4    | RW     | driver features bits 0-31           |
 * | 8   | 4    | RW     | queue PFN (selected queue)          |
 * | 12  | 2    | R      | queue size (selected queue)         |
 * | 14  | 2    | RW     | queue select                        |
 * | 16  | 2    | W      | queue notify                        |
 * | 18  | 1    | RW     | device status                       |
 * | 19  | 1    | R      | ISR status (read clears)            |
 * | 20  | 2    | RW     | config_msix_vector (MSI-X enabled)  |
 * | 22  | 2    | RW     | queue_msix_vector  (MSI-X enabled)  |
 *
 * Device region: net `u8 mac[6]; le16 status` (8 bytes, what Linux's vfio BAR0 exposes);
 * blk `struct virtio_blk_config` up to num_queues (36 bytes).
 */
import type { DeviceConfig } from '../config.js';
import {
  VIRTIO_MSI_CONFIG_VECTOR,
  VIRTIO_MSI_QUEUE_VECTOR,
  VIRTIO_PCI_GUEST_FEATURES,
  VIRTIO_PCI_HOST_FEATURES,
  VIRTIO_PCI_ISR,
  VIRTIO_PCI_QUEUE_NOTIFY,
  VIRTIO_PCI_QUEUE_NUM,
  VIRTIO_PCI_QUEUE_PFN,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
} from '../spec/legacy.js';

export type Space = 'common' | 'device';

export interface Field {
  name: string;
  off: number;
  size: number;
  writable: boolean;
}

const f = (name: string, off: number, size: number, writable: boolean): Field => ({ name, off, size, writable });

const COMMON_BASE: readonly Field[] = [
  f('deviceFeatures', VIRTIO_PCI_HOST_FEATURES, 4, false),
  f('driverFeatures', VIRTIO_PCI_GUEST_FEATURES, 4, true),
  f('queuePfn', VIRTIO_PCI_QUEUE_PFN, 4, true),
  f('queueSize', VIRTIO_PCI_QUEUE_NUM, 2, false),
  f('queueSel', VIRTIO_PCI_QUEUE_SEL, 2, true),
  f('queueNotify', VIRTIO_PCI_QUEUE_NOTIFY, 2, true),
  f('status', VIRTIO_PCI_STATUS, 1, true),
  f('isr', VIRTIO_PCI_ISR, 1, false),
];
const COMMON_MSIX: readonly Field[] = [
  ...COMMON_BASE,
  f('configVector', VIRTIO_MSI_CONFIG_VECTOR, 2, true),
  f('queueVector', VIRTIO_MSI_QUEUE_VECTOR, 2, true),
];

const NET_DEVICE: readonly Field[] = [f('mac', 0, 6, false), f('netStatus', 6, 2, false)];

// "Block Device / Device configuration layout": struct virtio_blk_config through num_queues.
const BLK_DEVICE: readonly Field[] = [
  f('capacity', 0, 8, false),
  f('sizeMax', 8, 4, false),
  f('segMax', 12, 4, false),
  f('cylinders', 16, 2, false),
  f('heads', 18, 1, false),
  f('sectors', 19, 1, false),
  f('blkSize', 20, 4, false),
  f('physicalBlockExp', 24, 1, false),
  f('alignmentOffset', 25, 1, false),
  f('minIoSize', 26, 2, false),
  f('optIoSize', 28, 4, false),
  f('writeback', 32, 1, true),
  f('unused0', 33, 1, false),
  f('numQueues', 34, 2, false),
];

export function commonFields(msixEnabled: boolean): readonly Field[] {
  return msixEnabled ? COMMON_MSIX : COMMON_BASE;
}

export function deviceFields(config: DeviceConfig): readonly Field[] {
  return config.deviceType === 'net' ? NET_DEVICE : BLK_DEVICE;
}

export function regionBytes(fields: readonly Field[]): number {
  const last = fields[fields.length - 1]!;
  return last.off + last.size;
}

/** Size of the VF's virtual I/O BAR0 as a hypervisor presents it: header with MSI-X + device config. */
export function legacyBarBytes(config: DeviceConfig): number {
  return regionBytes(COMMON_MSIX) + regionBytes(deviceFields(config));
}

/**
 * The field an access to the common header refers to, or null when it does not refer to a single
 * field or leaves the region (then the command fails). `within`: any sub-range of one field.
 */
export function fieldFor(fields: readonly Field[], off: number, size: number, match: 'exact' | 'within'): Field | null {
  if (size <= 0) return null;
  for (const fld of fields) {
    if (off < fld.off || off + size > fld.off + fld.size) continue;
    if (match === 'within') return fld;
    if (off === fld.off && size === fld.size) return fld;
    return null;
  }
  return null;
}

/** Whether an access lies inside the device region: any width and alignment is allowed there. */
export function insideRegion(fields: readonly Field[], off: number, size: number): boolean {
  return size > 0 && off >= 0 && off + size <= regionBytes(fields);
}
