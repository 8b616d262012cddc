/**
 * Reads of a function's slices and of the keyed slices' keys by their number in SLICES and
 * SLICE_KEYS (src/domain/slices.ts), written out as named property loads. The incremental state
 * hash (./hash.ts) walks both by number; `o[names[k]]` with a name that changes from one read to
 * the next is a megamorphic keyed load, and these reads were about a fifth of a checkpoint's
 * rehash on the 4096-VF interrupt trace. A read of an absent key gives undefined, as `o[name]`
 * does. Checked against the tables when this module loads: a slice or key added to them without
 * its case here fails at once rather than as a wrong hash.
 */
import { SLICE_KEYS, SLICES } from '../domain/slices.js';
import type { FnState } from '../domain/state.js';

type Obj = Record<string, unknown>;

/** fn[SLICES[k]]. */
export function sliceAt(f: Obj, k: number): unknown {
  const s = f as unknown as FnState;
  switch (k) {
    case 0: return s.fn;
    case 1: return s.life;
    case 2: return s.msix;
    case 3: return s.driver;
    case 4: return s.host;
    case 5: return s.legacy;
    case 6: return s.net;
    case 7: return s.mapper;
    default: return undefined;
  }
}

/** m[SLICE_KEYS.msix[j]]. */
function msixKeyAt(o: Obj, j: number): unknown {
  const m = o as unknown as FnState['msix'];
  switch (j) {
    case 0: return m.tableSize;
    case 1: return m.enabled;
    case 2: return m.functionMask;
    case 3: return m.addrLo;
    case 4: return m.addrHi;
    case 5: return m.data;
    case 6: return m.mask;
    case 7: return m.pba;
    case 8: return m.configVector;
    case 9: return m.queueVectors;
    case 10: return m.isr;
    default: return undefined;
  }
}

/** l[SLICE_KEYS.legacy[j]]. */
function legacyKeyAt(o: Obj, j: number): unknown {
  const l = o as unknown as FnState['legacy'];
  switch (j) {
    case 0: return l.driverFeatures;
    case 1: return l.queueSel;
    case 2: return l.queues;
    case 3: return l.status;
    case 4: return l.writeback;
    default: return undefined;
  }
}

/** Per keyed slice, in SLICE_KEYS order: its key reader. */
export const KEY_READERS: Readonly<Record<keyof typeof SLICE_KEYS, (o: Obj, j: number) => unknown>> = {
  msix: msixKeyAt,
  legacy: legacyKeyAt,
};

/** Throws unless `read(probe, i)` is `probe[names[i]]` for every i (and nothing past the end). */
function check(what: string, names: readonly string[], read: (o: Obj, i: number) => unknown): void {
  const probe: Obj = Object.fromEntries(names.map((n, i) => [n, i]));
  for (let i = 0; i <= names.length; i++) {
    if (read(probe, i) !== probe[names[i]!]) throw new Error(`sliceRead: ${what} ${i} (${names[i]}) is not read`);
  }
}

check('slice', SLICES, sliceAt);
for (const s of Object.keys(SLICE_KEYS) as (keyof typeof SLICE_KEYS)[]) {
  check(`${s} key`, SLICE_KEYS[s], KEY_READERS[s]);
}
