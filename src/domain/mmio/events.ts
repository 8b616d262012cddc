/** virtio-mmio device events (core state: the mmio device is not a PCI function, so no `fn`). */
export type MmioSource = 'config' | number;

export type MmioEvent =
  /** An mmio op with no mmio device configured (ENODEV), or a malformed access (EINVAL). */
  | { type: 'mmio/refused'; op: string; errno: string; reason: string }
  | { type: 'mmio/read'; offset: number; value: number }
  /** A write to a read-only or unknown register: no effect. */
  | { type: 'mmio/writeIgnored'; offset: number; value: number }
  | { type: 'mmio/queueSelected'; queue: number }
  | { type: 'mmio/statusWritten'; value: number }
  /** Status 0: device reset (MSI disabled, vectors masked, mappings reset, InterruptStatus 0). */
  | { type: 'mmio/reset' }
  /** InterruptACK with MSI disabled: these InterruptStatus bits cleared. */
  | { type: 'mmio/intAcked'; bits: number }
  /** InterruptACK while MSI is enabled: ignored, as the proposal requires. */
  | { type: 'mmio/ackIgnored'; bits: number }
  /** MsiVecSel / MsiAddrLow / MsiAddrHigh / MsiData written. */
  | { type: 'mmio/msiStaged'; register: 'vecSel' | 'addrLo' | 'addrHi' | 'data'; value: number }
  | { type: 'mmio/msiEnabled'; enabled: boolean }
  /** CONFIGURE: the staged address/data latched into `vector`. */
  | { type: 'mmio/msiConfigured'; vector: number; addrLo: number; addrHi: number; data: number }
  | { type: 'mmio/msiMasked'; vector: number; masked: boolean }
  /** MAP_CONFIG / MAP_QUEUE (sharing mode): `source` now uses `vector` (NO_VECTOR = no interrupts). */
  | { type: 'mmio/msiMapped'; source: MmioSource; vector: number }
  /** An MsiCmd the device could not act on (unknown, out-of-range vector, wrong mode...). */
  | { type: 'mmio/cmdIgnored'; cmd: number; reason: string }
  /** The device has an interrupt to signal (first event of every mmio raise). */
  | { type: 'mmio/raised'; source: MmioSource }
  /** Line interrupt: InterruptStatus bits set (MSI disabled). */
  | { type: 'mmio/intStatusSet'; bits: number }
  | { type: 'mmio/msiDelivered'; vector: number; source: MmioSource | 'pba' }
  | { type: 'mmio/msiPended'; vector: number; source: MmioSource }
  /** MSI enabled and the source maps to VIRTIO_MMIO_MSI_NO_VECTOR: "this queue sends no interrupts". */
  | { type: 'mmio/msiUnmapped'; source: MmioSource };
