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
import type { EventBody, EventType } from './events.js';
import type { FnState } from './state.js';

export type Slice = keyof FnState;

/** FnState's keys, in the order the hash cache numbers them. */
export const SLICES = ['fn', 'life', 'msix', 'driver', 'host', 'legacy', 'net', 'mapper'] as const satisfies
  readonly Slice[];

/**
 * Slices whose keys the hash also caches one by one, so an entry may name `slice.key` instead of
 * the whole slice: an interrupt then rehashes two PBA words, not the whole MSI-X slice. Every key
 * of the slice's type must be listed (checked below and by test/unit/engine/slices.test.ts).
 */
export const SLICE_KEYS = {
  msix: ['tableSize', 'enabled', 'functionMask', 'addrLo', 'addrHi', 'data', 'mask', 'pba', 'configVector',
    'queueVectors', 'isr'],
  legacy: ['driverFeatures', 'queueSel', 'queues', 'status', 'writeback'],
} as const satisfies { [S in Slice]?: readonly (keyof FnState[S])[] };
type Keyed = keyof typeof SLICE_KEYS;
type Unlisted<S extends Keyed> = Exclude<keyof FnState[S], (typeof SLICE_KEYS)[S][number]>;
// A compile error here means a key was added to a keyed slice's type but not to SLICE_KEYS.
const allKeysListed: [Unlisted<'msix'>, Unlisted<'legacy'>] extends [never, never] ? true : never = true;
void allKeysListed;

/** A whole slice, or one key of a keyed slice. */
export type SlicePart = Slice | { [S in Keyed]: `${S}.${(typeof SLICE_KEYS)[S][number]}` }[Keyed];

const NONE: readonly SlicePart[] = [];
const HOST: readonly SlicePart[] = ['host'];
const PBA: readonly SlicePart[] = ['msix.pba'];
const ISR: readonly SlicePart[] = ['msix.isr'];
const VECTORS: readonly SlicePart[] = ['msix.configVector', 'msix.queueVectors'];

const TABLE: Partial<Record<EventType, readonly SlicePart[]>> = {
  'irq/raised': NONE,
  'irq/refused': NONE,
  'msix/delivered': PBA,
  'msix/pended': PBA,
  'msix/unmapped': NONE,
  'isr/set': ISR,
  'isr/read': ISR,
  'msix/enabled': ['msix.enabled'],
  'msix/functionMasked': ['msix.functionMask'],
  'msix/masked': ['msix.mask'],
  'msix/programmed': ['msix.addrLo', 'msix.addrHi', 'msix.data'],
  'msix/programIgnored': NONE,
  'msix/vectorMapped': VECTORS,
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
  'host/irqLost': PBA,
  'host/pasidSet': HOST,
  'legacy/read': NONE,
  'legacy/writeIgnored': NONE,
  'legacy/featuresWritten': ['legacy.driverFeatures'],
  'legacy/pfnWritten': ['legacy.queues'],
  'legacy/queueSelected': ['legacy.queueSel'],
  'legacy/statusWritten': ['legacy.status'],
  'legacy/reset': ['legacy', 'msix.isr', 'msix.configVector', 'msix.queueVectors', 'net'],
  'legacy/vectorWritten': VECTORS,
  'legacy/devcfgWritten': ['legacy.writeback'],
  'legacy/isrCleared': ISR,
  'legacy/addressWritten': NONE,
  'legacy/notified': NONE,
  'legacy/queueProcessed': ['legacy.queues'],
  'legacy/notifyIgnored': NONE,
  'legacy/notifyMissed': NONE,
  'legacy/buffersAdded': ['legacy.queues'],
  'legacy/refused': NONE,
  'legacy/needsReset': ['legacy.status'],
  'mapper/queued': NONE,
  'mapper/ioRejected': NONE,
  'mapper/issued': NONE,
  'mapper/ioCompleted': NONE,
  'mapper/notifyLearned': ['mapper'],
  'net/applied': ['net'],
  'net/refused': NONE,
  'net/cvqSubmitted': NONE,
  'net/cvqAcked': NONE,
  'net/barrier': NONE,
  'net/staleIgnored': NONE,
  'provision/set': ['msix'],
};

/**
 * Entries that hold only for some events of their type: an event for which the predicate is false
 * changes nothing of its function (a message sent directly leaves the PBA alone).
 */
const ONLY_WHEN: Partial<Record<EventType, (e: EventBody) => boolean>> = {
  'msix/delivered': (e) => (e as { source?: unknown }).source === 'pba',
  'host/irqLost': (e) => (e as { source?: unknown }).source === 'pba',
};

/** The predicate an event of `type` must meet for its entry to apply; undefined = always. */
export function changesWhen(type: string): ((e: EventBody) => boolean) | undefined {
  return Object.prototype.hasOwnProperty.call(ONLY_WHEN, type) ? ONLY_WHEN[type as EventType] : undefined;
}

const ALL = (1 << SLICES.length) - 1;

function entry(type: string): readonly SlicePart[] | undefined {
  return Object.prototype.hasOwnProperty.call(TABLE, type) ? TABLE[type as EventType] : undefined;
}

/** The slices as a bit mask over SLICES (bit i = SLICES[i]); every bit for a type not listed. */
export function sliceMask(type: string): number {
  const list = entry(type);
  if (list === undefined) return ALL;
  let m = 0;
  for (const s of list) m |= 1 << SLICES.indexOf(s.split('.')[0] as (typeof SLICES)[number]);
  return m;
}

export const ALL_SLICES = ALL;

/** The keyed slices' keys in one numbering (bit k of a key mask = KEY_PARTS[k]). */
export const KEY_PARTS: readonly { slice: Keyed; key: string }[] = (Object.keys(SLICE_KEYS) as Keyed[])
  .flatMap((slice) => SLICE_KEYS[slice].map((key) => ({ slice, key })));

/**
 * What an event type may change, as the hash uses it: `slices` as sliceMask (only the slices an
 * entry names whole; every bit for a type not listed) and `keys` over KEY_PARTS.
 */
export function partMask(type: string): { slices: number; keys: number } {
  const list = entry(type);
  if (list === undefined) return { slices: ALL, keys: 0 };
  let slices = 0;
  let keys = 0;
  for (const p of list) {
    const dot = p.indexOf('.');
    if (dot < 0) slices |= 1 << SLICES.indexOf(p as (typeof SLICES)[number]);
    else keys |= 1 << KEY_PARTS.findIndex((k) => k.slice === p.slice(0, dot) && k.key === p.slice(dot + 1));
  }
  return { slices, keys };
}
