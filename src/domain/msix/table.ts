/**
 * The MSI-X table and PBA as PCI software sees them: per-entry mask and pending bits, messages,
 * Message Control, and resizing the table (VF MSI-X provisioning).
 */
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import { PCI_MSIX_FLAGS_ENABLE, PCI_MSIX_FLAGS_MASKALL, PCI_MSIX_FLAGS_QSIZE } from '../spec/pci.js';
import { filledWords, testBit } from './bits.js';
import type { MsixFnState } from './types.js';

export function isMasked(m: Readonly<MsixFnState>, vector: number): boolean {
  return testBit(m.mask, vector);
}

export function isPending(m: Readonly<MsixFnState>, vector: number): boolean {
  return testBit(m.pba, vector);
}

/** An entry's message (0s when it was never programmed). */
export function entryMessage(m: Readonly<MsixFnState>, vector: number): { addrLo: number; addrHi: number;
    data: number } {
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
