/**
 * A VF's legacy register file ("Legacy Interfaces: A Note on PCI Device Layout"), as the PF reaches
 * it through the legacy admin commands. Per function in `fns[i].legacy`; the ISR byte and the
 * config/queue MSI-X vectors are shared with the interrupt slice (`fns[i].msix.isr`,
 * `.configVector`, `.queueVectors`), so an interrupt raised anywhere is what a legacy ISR read sees.
 *
 * Queues are modelled by what makes a notify observable: an address (PFN) and a count of buffers
 * the guest made available that the device has not used yet. A notify on a live queue of a
 * DRIVER_OK VF moves every available buffer to used and raises the queue's interrupt.
 */
import type { DeviceConfig } from '../config.js';

export interface LegacyQueue {
  /** Queue Address register: guest physical address >> 12; 0 = inactive. */
  pfn: number;
  /** Buffers the driver made available that the device has not used yet. */
  avail: number;
  /** Buffers the device has used since the queue was set up. */
  used: number;
}

export interface LegacyFnState {
  /** Driver (guest) features, bits 0-31, as last written. */
  driverFeatures: number;
  /** Queue Select, as last written (may name a queue that does not exist). */
  queueSel: number;
  queues: LegacyQueue[];
  /** Device status (legacy has no FEATURES_OK; DEVICE_NEEDS_RESET is set by the device). */
  status: number;
  /** blk only: virtio_blk_config.writeback (the one writable device-config field modelled). */
  writeback: number;
}

export function freshQueue(): LegacyQueue {
  return { pfn: 0, avail: 0, used: 0 };
}

/** State after power-on or a reset (status 0): "the values a fresh driver would observe". */
export function initialLegacy(config: DeviceConfig, fn: number): LegacyFnState {
  const n = fn === 0 ? 0 : config.vfQueues;
  const queues: LegacyQueue[] = new Array(n);
  for (let i = 0; i < n; i++) queues[i] = freshQueue();
  return { driverFeatures: 0, queueSel: 0, queues, status: 0, writeback: 0 };
}
