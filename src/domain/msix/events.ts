/**
 * Interrupt events (PCI MSI-X; virtio "MSI-X Vector Configuration", "ISR status capability").
 * `source` is 'config' or a virtqueue index; 'pba' marks a message sent from the Pending Bit
 * Array when an entry became deliverable (its recipe clears the pending bit).
 */
export type IrqSource = 'config' | number;
export type DeliverySource = IrqSource | 'pba';

export type MsixEvent =
  /** The device has an interrupt to signal for `source` on function `fn` (first event of every raise). */
  | { type: 'irq/raised'; fn: number; source: IrqSource }
  /**
   * An interrupt operation that could not act, with the errno Linux would give: ENODEV (no such
   * function / no driver), EINVAL (no such entry or queue, no MSI-X table), EBUSY (already bound,
   * host resize in progress), EIO (the guest was stopped).
   */
  | { type: 'irq/refused'; fn: number; op: string; errno: string; reason: string }
  /** A message was sent on `vector`. */
  | { type: 'msix/delivered'; fn: number; vector: number; source: DeliverySource }
  /** The vector (or the function) is masked: the PBA bit is set instead. */
  | { type: 'msix/pended'; fn: number; vector: number; source: IrqSource }
  /** MSI-X is enabled but the source is mapped to NO_VECTOR: nothing is sent or latched. */
  | { type: 'msix/unmapped'; fn: number; source: IrqSource }
  /** ISR status bits were set (INTx path, and bit 1 before every config-change notification). */
  | { type: 'isr/set'; fn: number; bits: number }
  /** The driver read ISR status: it returned `value` and cleared to 0 (INTx deasserted). */
  | { type: 'isr/read'; fn: number; value: number }
  /** Message Control bit 15 written. */
  | { type: 'msix/enabled'; fn: number; enabled: boolean }
  /** Message Control bit 14 written. */
  | { type: 'msix/functionMasked'; fn: number; masked: boolean }
  /** Vector Control mask bit of an entry written. */
  | { type: 'msix/masked'; fn: number; vector: number; masked: boolean }
  /** Message address/data of an entry written while it was masked: honoured. */
  | { type: 'msix/programmed'; fn: number; vector: number; addrLo: number; addrHi: number; data: number }
  /** Message address/data written while the entry was live: the device ignored it. */
  | { type: 'msix/programIgnored'; fn: number; vector: number }
  /** config/queue_msix_vector written with `requested`; the device stored `vector` (NO_VECTOR if refused). */
  | { type: 'msix/vectorMapped'; fn: number; source: IrqSource; requested: number; vector: number }
  /** Message Control read (Table Size N-1 | Function Mask | Enable). */
  | { type: 'msix/controlRead'; fn: number; value: number };
