/** Interrupt delivery events. `source` is 'config' or a virtqueue index. */
export type IrqSource = 'config' | number;

export type MsixEvent =
  /** A message was sent on `vector`. */
  | { type: 'msix/delivered'; fn: number; vector: number; source: IrqSource }
  /** The vector (or the function) is masked: the PBA bit is set instead. */
  | { type: 'msix/pended'; fn: number; vector: number; source: IrqSource }
  /** MSI-X is enabled but the source is mapped to NO_VECTOR: nothing is sent or latched. */
  | { type: 'msix/unmapped'; fn: number; source: IrqSource }
  /** ISR status bits were set (INTx path, and bit 1 before every config-change notification). */
  | { type: 'isr/set'; fn: number; bits: number };
