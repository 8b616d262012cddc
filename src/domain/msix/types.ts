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
 * through `isMasked` / `isPending`, never by indexing the words yourself.
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import { clearBit, filledWords, testBit } from './bits.js';
import { linuxVectorPlan, type VectorPlan } from './linux.js';

/** PCI Message Control bits (Linux pci_regs.h PCI_MSIX_FLAGS_*). */
export const PCI_MSIX_FLAGS_QSIZE = 0x07ff;
export const PCI_MSIX_FLAGS_MASKALL = 0x4000;
export const PCI_MSIX_FLAGS_ENABLE = 0x8000;

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

export function isMasked(m: Readonly<MsixFnState>, vector: number): boolean {
  return testBit(m.mask, vector);
}

export function isPending(m: Readonly<MsixFnState>, vector: number): boolean {
  return testBit(m.pba, vector);
}

/** An entry's message (0s when it was never programmed). */
export function entryMessage(m: Readonly<MsixFnState>, vector: number): { addrLo: number; addrHi: number; data: number } {
  return { addrLo: m.addrLo[vector] ?? 0, addrHi: m.addrHi[vector] ?? 0, data: m.data[vector] ?? 0 };
}

/** Write an entry's message, growing the message arrays to reach it. */
export function writeMessage(m: MsixFnState, vector: number, addrLo: number, addrHi: number, data: number): void {
  while (m.addrLo.length <= vector) {
    m.addrLo.push(0);
    m.addrHi.push(0);
    m.data.push(0);
  }
  m.addrLo[vector] = addrLo;
  m.addrHi[vector] = addrHi;
  m.data[vector] = data;
}

/** Message Control as software reads it: Table Size N-1, Function Mask, Enable. */
export function messageControl(m: Readonly<MsixFnState>): number {
  const qsize = m.tableSize > 0 ? (m.tableSize - 1) & PCI_MSIX_FLAGS_QSIZE : 0;
  return qsize | (m.functionMask ? PCI_MSIX_FLAGS_MASKALL : 0) | (m.enabled ? PCI_MSIX_FLAGS_ENABLE : 0);
}

/** Queues a function has: the PF's ordinary queues plus its admin queues; a VF's ordinary queues. */
export function queueCount(config: DeviceConfig, fn: number): number {
  return fn === 0 ? config.pfQueues + config.adminQueues : config.vfQueues;
}

export function defaultTableSize(config: DeviceConfig, fn: number): number {
  if (fn !== 0) return config.vfMsixVectors;
  return config.pfMsixVectors || Math.min(0x800, 1 + queueCount(config, 0));
}

/**
 * What the device stores for a config/queue vector write ("MSI-X Vector Configuration"): the
 * value if it names a table entry, NO_VECTOR if it asked for NO_VECTOR or cannot be honoured
 * (beyond the table: QEMU stores NO_VECTOR so the driver's read-back sees the failure).
 */
export function storedVector(m: Readonly<MsixFnState>, requested: number): number {
  return requested >= 0 && requested < m.tableSize ? requested : VIRTIO_MSI_NO_VECTOR;
}

/** The vector an interrupt source is mapped to (NO_VECTOR when unmapped). */
export function mappedVector(m: Readonly<MsixFnState>, source: 'config' | number): number {
  return source === 'config' ? m.configVector : (m.queueVectors[source] ?? VIRTIO_MSI_NO_VECTOR);
}

/** Resize the table (VF MSI-X provisioning, only while MSI-X is disabled): fresh, masked entries. */
export function resizeTable(m: MsixFnState, n: number): void {
  m.tableSize = n;
  m.addrLo = [];
  m.addrHi = [];
  m.data = [];
  m.mask = filledWords(n, true);
  m.pba = filledWords(n, false);
  // Mappings that no longer name an entry read back NO_VECTOR, as a refused write would.
  if (m.configVector >= n) m.configVector = VIRTIO_MSI_NO_VECTOR;
  for (let q = 0; q < m.queueVectors.length; q++) if (m.queueVectors[q]! >= n) m.queueVectors[q] = VIRTIO_MSI_NO_VECTOR;
}

/**
 * "Device Reset": every config/queue event unmapped, ISR cleared. MSI-X Enable, the table and the
 * PBA live in PCI config space / the MSI-X BAR, which a virtio reset does not touch. Exported for
 * every reset recipe (PF reset, a VF's own reset, a driver unbind).
 */
export function unmapAll(m: MsixFnState): void {
  m.configVector = VIRTIO_MSI_NO_VECTOR;
  m.queueVectors.fill(VIRTIO_MSI_NO_VECTOR);
  m.isr = 0;
}

/** The PF's Linux probe-time plan for this config (null = Linux would fall back to INTx). */
export function pfVectorPlan(config: DeviceConfig): VectorPlan | null {
  return linuxVectorPlan(defaultTableSize(config, 0), config.pfQueues, config.adminQueues);
}

/** Apply a driver's probe-time setup: MSI-X on, entries 0..used-1 unmasked, events mapped. */
export function applyVectorPlan(m: MsixFnState, configVector: number, queueVectors: readonly number[], used: number): void {
  m.enabled = true;
  m.functionMask = false;
  for (let v = 0; v < used && v < m.tableSize; v++) clearBit(m.mask, v);
  m.configVector = storedVector(m, configVector);
  for (let q = 0; q < m.queueVectors.length; q++) m.queueVectors[q] = storedVector(m, queueVectors[q] ?? VIRTIO_MSI_NO_VECTOR);
}

/**
 * A function's MSI-X at power-on. With `pfInitialized` the PF starts as Linux's probe leaves it
 * (MSI-X enabled, vectors mapped per the interrupt-policy ladder), so admin completions are
 * delivered on the admin queue's vector from the first command.
 */
export function initialMsix(config: DeviceConfig, fn: number, tableSize = defaultTableSize(config, fn)): MsixFnState {
  const m: MsixFnState = {
    tableSize: 0,
    enabled: false,
    functionMask: false,
    addrLo: [],
    addrHi: [],
    data: [],
    mask: [],
    pba: [],
    configVector: VIRTIO_MSI_NO_VECTOR,
    queueVectors: new Array(queueCount(config, fn)).fill(VIRTIO_MSI_NO_VECTOR),
    isr: 0,
  };
  resizeTable(m, tableSize);
  const plan = fn === 0 && config.pfInitialized ? pfVectorPlan(config) : null;
  if (plan) applyVectorPlan(m, plan.configVector, plan.queueVectors, plan.used);
  return m;
}
