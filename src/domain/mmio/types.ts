/**
 * A virtio-mmio device with the MSI extension (registers: ../spec/mmio.ts and ./extension.ts;
 * power-on, reset and vector bookkeeping: ./msi.ts).
 *
 * Where the proposal is silent the twin chooses (README "Interrupts"): vectors reset masked; an
 * event on a masked vector sets a pending bit that UNMASK delivers once (the kvmtool prototype);
 * a MAP to a vector >= MsiVecNum stores NO_VECTOR; MAP commands are ignored in non-sharing mode.
 */
export interface MmioMsiState {
  /** The device offers VTWIN_EXT_F_MMIO_MSI. */
  offered: boolean;
  /** MsiState bit 0. */
  enabled: boolean;
  /** MsiState bit 1 (read-only: the device's mode). */
  sharing: boolean;
  /** MsiVecNum. */
  vecNum: number;
  /** Staging registers the next command reads. */
  vecSel: number;
  addrLo: number;
  addrHi: number;
  data: number;
  /** Per vector: the message latched by CONFIGURE. */
  vAddrLo: number[];
  vAddrHi: number[];
  vData: number[];
  /** Per vector, packed: masked, pending. */
  mask: number[];
  pba: number[];
  configVector: number;
  queueVectors: number[];
  /** Messages sent per vector since power-on (an observability counter, not a register). */
  delivered: number[];
}

export interface MmioState {
  deviceId: number;
  queues: number;
  queueSel: number;
  status: number;
  /** InterruptStatus. */
  interruptStatus: number;
  msi: MmioMsiState;
}
