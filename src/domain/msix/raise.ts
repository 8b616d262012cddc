/**
 * The device raises an interrupt for a queue or a config change ("Used Buffer Notifications",
 * "Notification of Device Configuration Changes", PCI MSI-X delivery):
 * - config change: ISR bit 1 is set first, even with MSI-X enabled;
 * - MSI-X disabled: ISR bit 0 (queue) / bit 1 (config) and INTx, no message;
 * - MSI-X enabled: NO_VECTOR -> nothing sent, nothing pending; entry or function masked ->
 *   pending bit (a second raise while pending changes nothing: it collapses into one); else a
 *   message (through the host for a passthrough VF).
 *
 * Every raise starts with `irq/raised`, so rules can judge the outcome independently. The
 * profile's quirks (a device that drops masked interrupts, one that ignores the Function Mask)
 * come from `profile`, by default the one the config names.
 */
import type { EventBody, EventOf } from '../events.js';
import { profileByName, type Profile } from '../profiles.js';
import { ISR_CONFIG, ISR_QUEUE, VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { sendMessage } from './deliver.js';
import type { IrqSource } from './events.js';
import { isMasked } from './table.js';
import { mappedVector } from './vectors.js';

let cached: Profile | undefined;

function configuredProfile(s: Readonly<TwinState>): Profile | undefined {
  if (cached?.name !== s.config.profile) cached = profileByName(s.config.profile);
  return cached;
}

/** Appends to `out` (and returns it): hot callers pass their own list rather than spreading ours. */
export function raiseInterrupt(s: Readonly<TwinState>, fn: number, source: IrqSource, profile?: Profile,
    out: EventBody[] = []): EventBody[] {
  const quirks = (profile ?? configuredProfile(s))?.quirks ?? {};
  const m = s.fns[fn]!.msix;
  const raised: EventOf<'irq/raised'> = { type: 'irq/raised', fn, source, seq: 0, tick: 0, cause: 0 }; // slotted
  out.push(raised);
  if (source === 'config') out.push({ type: 'isr/set', fn, bits: ISR_CONFIG });
  if (!m.enabled) {
    if (source !== 'config') out.push({ type: 'isr/set', fn, bits: ISR_QUEUE });
    return out;
  }
  const vector = mappedVector(m, source);
  if (vector === VIRTIO_MSI_NO_VECTOR || vector >= m.tableSize) {
    out.push({ type: 'msix/unmapped', fn, source });
  } else if (isMasked(m, vector) || (m.functionMask && !quirks.msixIgnoreFunctionMask)) {
    if (!quirks.msixDropMasked) out.push({ type: 'msix/pended', fn, vector, source });
  } else {
    out.push(sendMessage(s, fn, vector, source));
  }
  return out;
}
