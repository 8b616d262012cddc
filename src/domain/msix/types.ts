/**
 * MSI-X per function (PCI MSI-X capability; virtio "MSI-X Vector Configuration").
 *
 * PCI side: Message Control has Table Size (reads N-1), Function Mask (bit 14) and MSI-X Enable
 * (bit 15), both 0 at reset. Each table entry has a message address/data and a Vector Control
 * mask bit (1 = masked, the reset value); the PBA holds a pending bit per entry.
 * virtio side: config_msix_vector and one queue_msix_vector per virtqueue (admin queues
 * included), VIRTIO_MSI_NO_VECTOR (0xFFFF) when unmapped. With MSI-X disabled the device uses
 * INTx and the ISR status byte instead (bit 0 queue, bit 1 config change).
 *
 * The table is stored compactly (see ./bits.ts): address/data as parallel number arrays and the
 * mask and pending bits as 32-bit words, so 4096 VFs x 64 vectors stay a few MB. Read entries
 * through `isMasked` / `isPending` (./table.ts), never by indexing the words yourself. The
 * virtio mapping and a function's MSI-X at power-on are in ./vectors.ts.
 */
export interface MsixFnState {
  /** Number of table entries N (the Table Size field reads N - 1). 0 = no MSI-X capability. */
  tableSize: number;
  /** Message Control bit 15. */
  enabled: boolean;
  /** Message Control bit 14. */
  functionMask: boolean;
  /**
   * Message Address (low DWORD), Upper Address and Data per entry, allocated only up to the
   * highest entry ever programmed (an unprogrammed entry reads 0): drivers program the few
   * entries they use (Linux: config + one per queue) and leave the rest masked, so a 64-entry
   * table usually holds 3 messages. Read them through `entryMessage`.
   */
  addrLo: number[];
  addrHi: number[];
  data: number[];
  /** Vector Control bit 0 per entry, packed (1 = masked; reset value 1). */
  mask: number[];
  /** Pending Bit Array, packed. */
  pba: number[];
  /** virtio config_msix_vector. */
  configVector: number;
  /** virtio queue_msix_vector, by virtqueue index. */
  queueVectors: number[];
  /** ISR status (virtio "ISR status capability"): bit 0 queue interrupt, bit 1 config change. */
  isr: number;
}
