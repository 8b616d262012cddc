/**
 * Whether a VF belongs to a guest, and where a message the device sends on one of its vectors
 * goes (the model is described in ./types.ts).
 */
import { testBit } from '../msix/bits.js';
import type { FnState } from '../state.js';
import type { LossReason } from './types.js';

/** A VF whose driver is a vfio driver (vfio-pci, virtio-vfio-pci, ...) is assigned to a guest. */
export function isPassthroughDriver(driver: string | null): boolean {
  if (driver === lastDriver) return lastAnswer;
  lastDriver = driver;
  return (lastAnswer = driver !== null && driver.includes('vfio'));
}

// The last driver asked about: a run binds a handful, and every message sent asks again.
let lastDriver: string | null = null;
let lastAnswer = false;

export function isPassthrough(f: Readonly<FnState>): boolean {
  return isPassthroughDriver(f.driver);
}

/**
 * Where a message the device sends on `vector` of a passthrough VF goes: nowhere during a resize
 * window, nowhere without a host handler (the "enabled but never fires" case), else to the guest.
 * `handler` overrides the state when the deciding code itself just armed (true) or failed to
 * arm (false) the handler, in events not yet applied.
 */
export function hostLoss(f: Readonly<FnState>, vector: number, handler?: boolean): LossReason | null {
  if (!isPassthrough(f)) return null;
  if (handler !== undefined) return handler ? null : 'no-handler';
  if (f.host.resize !== null) return 'resize-window';
  return testBit(f.host.req, vector) ? null : 'no-handler';
}
