/**
 * Sending a message, shared by raises and by unmask paths: a passthrough VF's message goes
 * through the host, which may have no handler for it (host/irqLost); otherwise it is delivered.
 */
import type { EventBody, EventOf } from '../events.js';
import { hostLoss } from '../host/passthrough.js';
import type { TwinState } from '../state.js';
import { setEntries } from './bits.js';
import type { DeliverySource } from './events.js';
import { isPending } from './table.js';

export function sendMessage(s: Readonly<TwinState>, fn: number, vector: number, source: DeliverySource,
    requested?: boolean): EventBody {
  const reason = hostLoss(s.fns[fn]!, vector, requested);
  if (reason) return { type: 'host/irqLost', fn, vector, source, reason };
  const sent: EventOf<'msix/delivered'> = { type: 'msix/delivered', fn, vector, source, seq: 0, tick: 0, cause: 0 };
  return sent; // slotted (Engine.executeWith)
}

/**
 * Clear an entry's mask bit; if the entry is pending and nothing else masks it, the device sends
 * it now, once, and clears the PBA bit (PCI MSI-X delivery on unmask).
 */
export function unmaskEvents(s: Readonly<TwinState>, fn: number, vector: number, requested?: boolean): EventBody[] {
  const m = s.fns[fn]!.msix;
  const out: EventBody[] = [{ type: 'msix/masked', fn, vector, masked: false }];
  if (m.enabled && !m.functionMask && isPending(m, vector)) out.push(sendMessage(s, fn, vector, 'pba', requested));
  return out;
}

/** Pending, individually unmasked entries: what Function Mask clear or MSI-X Enable sends. */
export function pendingDeliveries(s: Readonly<TwinState>, fn: number): EventBody[] {
  const m = s.fns[fn]!.msix;
  return setEntries(m.pba, m.tableSize, m.mask).map((v) => sendMessage(s, fn, v, 'pba'));
}
