/**
 * Which slices of `fns[e.fn]` an event's recipe may change. The incremental state hash
 * (src/engine/hash.ts) caches a hash per slice of each function and, at a checkpoint, rehashes
 * only the slices events named here could have changed: an interrupt event rehashes the MSI-X
 * slice, not the whole function.
 *
 * An event type missing from the table may change every slice of its function: always correct,
 * only slower. Listing a type with too few slices would make the incremental hash wrong, so
 * test/unit/engine/slices.test.ts folds fuzz runs of every profile and checks every event
 * against its entry. Events without `fn` (or with fn -1) are not looked up here.
 */
import type { EventType } from './events.js';
import type { FnState } from './state.js';

export type Slice = keyof FnState;

/** FnState's keys, in the order the hash cache numbers them. */
export const SLICES = ['fn', 'life', 'msix', 'driver', 'host', 'legacy', 'net', 'mapper'] as const satisfies
  readonly Slice[];

const NONE: readonly Slice[] = [];
const MSIX: readonly Slice[] = ['msix'];
const HOST: readonly Slice[] = ['host'];
const LEGACY: readonly Slice[] = ['legacy'];

const TABLE: Partial<Record<EventType, readonly Slice[]>> = {
  'irq/raised': NONE,
  'irq/refused': NONE,
  'msix/delivered': MSIX,
  'msix/pended': MSIX,
  'msix/unmapped': NONE,
  'isr/set': MSIX,
  'isr/read': MSIX,
  'msix/enabled': MSIX,
  'msix/functionMasked': MSIX,
  'msix/masked': MSIX,
  'msix/programmed': MSIX,
  'msix/programIgnored': NONE,
  'msix/vectorMapped': MSIX,
  'msix/controlRead': NONE,
  'vf/bound': ['driver', 'msix', 'host'],
  'vf/unbound': ['driver', 'msix', 'host'],
  'host/allocated': HOST,
  'host/irqRequested': HOST,
  'host/requestFailed': NONE,
  'host/guestStopped': HOST,
  'host/errorReported': NONE,
  'host/released': HOST,
  'host/resizeStarted': HOST,
  'host/resizeDone': HOST,
  'host/irqLost': MSIX,
  'host/pasidSet': HOST,
  'legacy/read': NONE,
  'legacy/writeIgnored': NONE,
  'legacy/featuresWritten': LEGACY,
  'legacy/pfnWritten': LEGACY,
  'legacy/queueSelected': LEGACY,
  'legacy/statusWritten': LEGACY,
  'legacy/reset': ['legacy', 'msix', 'net'],
  'legacy/vectorWritten': MSIX,
  'legacy/devcfgWritten': LEGACY,
  'legacy/isrCleared': MSIX,
  'legacy/addressWritten': NONE,
  'legacy/notified': NONE,
  'legacy/queueProcessed': LEGACY,
  'legacy/notifyIgnored': NONE,
  'legacy/notifyMissed': NONE,
  'legacy/buffersAdded': LEGACY,
  'legacy/refused': NONE,
  'legacy/needsReset': LEGACY,
  'mapper/queued': NONE,
  'mapper/ioRejected': NONE,
  'mapper/issued': NONE,
  'mapper/notifyLearned': ['mapper'],
  'net/applied': ['net'],
  'net/refused': NONE,
  'net/cvqSubmitted': NONE,
  'net/barrier': NONE,
  'net/staleIgnored': NONE,
  'provision/set': MSIX,
};

const ALL = (1 << SLICES.length) - 1;

/** The slices as a bit mask over SLICES (bit i = SLICES[i]); every bit for a type not listed. */
export function sliceMask(type: string): number {
  const list = Object.prototype.hasOwnProperty.call(TABLE, type) ? TABLE[type as EventType] : undefined;
  if (list === undefined) return ALL;
  let m = 0;
  for (const s of list) m |= 1 << SLICES.indexOf(s as (typeof SLICES)[number]);
  return m;
}

export const ALL_SLICES = ALL;
