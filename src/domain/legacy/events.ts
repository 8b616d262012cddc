/**
 * Legacy register events. Every one carries `fn`, the VF whose register file it touches (for
 * `legacy/addressWritten` / `legacy/notifyMissed`: the function whose BAR was written).
 */
import type { Space } from './layout.js';

export type LegacyEvent =
  /** A legacy read returned `data` (hex, little-endian) from register `offset` of `space`. */
  | { type: 'legacy/read'; fn: number; space: Space; offset: number; size: number; data: string }
  /** A legacy write the device ignores: a read-only field, or a queue register for a missing queue. */
  | { type: 'legacy/writeIgnored'; fn: number; space: Space; offset: number; size: number; reason: string }
  | { type: 'legacy/featuresWritten'; fn: number; value: number }
  | { type: 'legacy/pfnWritten'; fn: number; queue: number; pfn: number }
  | { type: 'legacy/queueSelected'; fn: number; queue: number }
  /** Non-zero device status write (DEVICE_NEEDS_RESET, once set by the device, is kept). */
  | { type: 'legacy/statusWritten'; fn: number; value: number }
  /**
   * Status 0 was written: the VF reset (features, queue select, queues, status, ISR, net RX
   * state), and every config/queue vector reads NO_VECTOR ("Device Reset").
   */
  | { type: 'legacy/reset'; fn: number }
  /** config_msix_vector / queue_msix_vector written: `vector` is what now reads back. */
  | { type: 'legacy/vectorWritten'; fn: number; source: 'config' | number; requested: number; vector: number }
  /** A writable device-config field (blk writeback). */
  | { type: 'legacy/devcfgWritten'; fn: number; field: string; value: number }
  /** The ISR byte was read: it is now 0 (and INTx deasserted). */
  | { type: 'legacy/isrCleared'; fn: number }
  /** The host wrote `value` (le16) at `offset` of BAR `bar` of function `fn` (0 = PF). */
  | { type: 'legacy/addressWritten'; fn: number; bar: number; offset: number; value: number }
  /** The device received a Queue Notify for `queue` of VF `fn`. */
  | { type: 'legacy/notified'; fn: number; queue: number; via: 'common-cfg' | 'address' }
  /** The device processed the queue: `consumed` available buffers became used. */
  | { type: 'legacy/queueProcessed'; fn: number; queue: number; consumed: number }
  /** The notify named no live queue (no such queue, no PFN, not DRIVER_OK, needs reset). */
  | { type: 'legacy/notifyIgnored'; fn: number; queue: number; reason: string }
  /** A BAR write that is no notification address: the device ignores it. */
  | { type: 'legacy/notifyMissed'; fn: number; bar: number; offset: number; value: number }
  /** The guest driver made `count` buffers available on `queue`. */
  | { type: 'legacy/buffersAdded'; fn: number; queue: number; count: number }
  /** A guest or device op that named a VF (ENODEV) or queue (ENOENT) that does not exist. */
  | { type: 'legacy/refused'; fn: number; op: string; errno: string; reason: string }
  /** The device set DEVICE_NEEDS_RESET in the VF's status. */
  | { type: 'legacy/needsReset'; fn: number };
