/**
 * MSI-X per function (PCI MSI-X capability; virtio "MSI-X Vector Configuration").
 *
 * PCI side: Message Control has Table Size (reads N-1), Function Mask (bit 14) and MSI-X Enable
 * (bit 15), both 0 at reset. Each table entry has a message address/data and a Vector Control
 * mask bit (1 = masked, the reset value); the PBA holds a pending bit per entry.
 * virtio side: config_msix_vector and one queue_msix_vector per virtqueue (admin queues
 * included), VIRTIO_MSI_NO_VECTOR (0xFFFF) when unmapped. With MSI-X disabled the device uses
 * INTx and the ISR status byte instead (bit 0 queue, bit 1 config change).
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';

export interface MsixEntry {
  addrLo: number;
  addrHi: number;
  data: number;
  /** Vector Control bit 0. */
  masked: boolean;
  /** PBA bit. */
  pending: boolean;
}

export interface MsixFnState {
  /** Number of table entries N (the Table Size field reads N - 1). */
  tableSize: number;
  enabled: boolean;
  functionMask: boolean;
  entries: MsixEntry[];
  /** virtio config_msix_vector. */
  configVector: number;
  /** virtio queue_msix_vector, by virtqueue index. */
  queueVectors: number[];
  /** ISR status (virtio "ISR status capability"): bit 0 queue interrupt, bit 1 config change. */
  isr: number;
}

export function resetEntry(): MsixEntry {
  return { addrLo: 0, addrHi: 0, data: 0, masked: true, pending: false };
}

/** Queues a function has: the PF's ordinary queues plus its admin queues; a VF's ordinary queues. */
export function queueCount(config: DeviceConfig, fn: number): number {
  return fn === 0 ? config.pfQueues + config.adminQueues : config.vfQueues;
}

export function defaultTableSize(config: DeviceConfig, fn: number): number {
  if (fn !== 0) return config.vfMsixVectors;
  return config.pfMsixVectors || Math.min(0x800, 1 + queueCount(config, 0));
}

export function initialMsix(config: DeviceConfig, fn: number, tableSize = defaultTableSize(config, fn)): MsixFnState {
  const entries: MsixEntry[] = new Array(tableSize);
  for (let i = 0; i < tableSize; i++) entries[i] = resetEntry();
  const queueVectors: number[] = new Array(queueCount(config, fn)).fill(VIRTIO_MSI_NO_VECTOR);
  return { tableSize, enabled: false, functionMask: false, entries, configVector: VIRTIO_MSI_NO_VECTOR, queueVectors, isr: 0 };
}
