/**
 * The device raises an interrupt for a queue or a config change ("Used Buffer Notifications",
 * "Notification of Device Configuration Changes", PCI MSI-X delivery):
 * - config change: ISR bit 1 is set first, even with MSI-X enabled;
 * - MSI-X disabled: ISR bit 0 (queue) / bit 1 (config) and INTx, no message;
 * - MSI-X enabled: NO_VECTOR -> nothing sent, nothing pending; entry or function masked ->
 *   pending bit; else a message.
 */
import type { EventBody } from '../events.js';
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import type { IrqSource } from './events.js';

export const ISR_QUEUE = 0x1;
export const ISR_CONFIG = 0x2;

export function raiseInterrupt(s: Readonly<TwinState>, fn: number, source: IrqSource): EventBody[] {
  const m = s.fns[fn]!.msix;
  const out: EventBody[] = [];
  if (source === 'config') out.push({ type: 'isr/set', fn, bits: ISR_CONFIG });
  if (!m.enabled) {
    if (source !== 'config') out.push({ type: 'isr/set', fn, bits: ISR_QUEUE });
    return out;
  }
  const vector = source === 'config' ? m.configVector : (m.queueVectors[source] ?? VIRTIO_MSI_NO_VECTOR);
  if (vector === VIRTIO_MSI_NO_VECTOR || vector >= m.tableSize) {
    out.push({ type: 'msix/unmapped', fn, source });
  } else if (m.functionMask || m.entries[vector]!.masked) {
    out.push({ type: 'msix/pended', fn, vector, source });
  } else {
    out.push({ type: 'msix/delivered', fn, vector, source });
  }
  return out;
}
