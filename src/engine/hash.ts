/**
 * State hash (README "Guarantees"), kept incremental. The value hash itself is in ./hashCore.ts;
 * the core (every top-level key but `fns` and `config`) is hashed whole at each digest, but each
 * function's hash is cached and recomputed only where an event touched it (`fn` on the event).
 * Checkpoints then cost O(core + touched parts of functions), not O(VFs).
 */
import { touchedFn, type EventBody } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { ALL_SLICES, changesWhen, KEY_PARTS, partMask, SLICE_KEYS, SLICES } from '../domain/slices.js';
import {
  arraySub, begin, coreSub, end, endHex, fmix, mix, numHash, outA, outB, strHash, sub, TAG_OBJECT,
} from './hashCore.js';
import { KEY_READERS, sliceAt } from './sliceRead.js';

export { fmix, hashState, hashValue } from './hashCore.js';

const SLICE_COUNT = SLICES.length;
/** Bit SLICE_COUNT: keys of a function that SLICES does not name (recomputed with any whole-function change). */
const REST = 1 << SLICE_COUNT;
const WHOLE = ALL_SLICES | REST;
/** Bits KEY_SHIFT + k: key KEY_PARTS[k] of a keyed slice. */
const KEY_SHIFT = SLICE_COUNT + 1;
const IS_SLICE: ReadonlySet<string> = new Set(SLICES);
const SLICE_HASH = Int32Array.from(SLICES, strHash);
const C = 0x9e3779b1;

// The keyed slices (SLICE_KEYS), numbered by slot. Per function and slot the hasher keeps one term
// per listed key plus one for any other key, so the slice's term is their sum, mixed.
const KEYED = Object.keys(SLICE_KEYS) as (keyof typeof SLICE_KEYS)[];
/** Slot of each slice, -1 when not keyed. */
const SLOT_OF = Int8Array.from(SLICES, (s) => KEYED.indexOf(s as (typeof KEYED)[number]));
const SLOT_SLICE = KEYED.map((s) => SLICES.indexOf(s));
const SLOT_FIRST = KEYED.map((s) => KEY_PARTS.findIndex((p) => p.slice === s));
const SLOT_LEN = KEYED.map((s) => SLICE_KEYS[s].length);
/** Where a slot's terms start within a function's run of key terms (its listed keys, then the others). */
const SLOT_OFF = KEYED.map((_, i) => SLOT_FIRST[i]! + i);
const SLOT_BITS = KEYED.map((_, i) => ((1 << SLOT_LEN[i]!) - 1) << (KEY_SHIFT + SLOT_FIRST[i]!));
const SLOT_INDEX = KEYED.map((s) => new Map<string, number>(SLICE_KEYS[s].map((k, j) => [k, j])));
const SLOT_NAMES: readonly (readonly string[])[] = KEYED.map((s) => SLICE_KEYS[s]);
const SLOT_READ = KEYED.map((s) => KEY_READERS[s]);
const KEY_NAME = KEY_PARTS.map((p) => p.key);
const KEY_HASH = Int32Array.from(KEY_NAME, strHash);
const KEY_STRIDE = KEY_PARTS.length + KEYED.length;
if (KEY_SHIFT + KEY_PARTS.length > 31) throw new Error('hash masks: too many slice keys for 31 bits');

/**
 * The (key, value) term of the object hash in sub(), the key's strHash given: 0 for an absent key.
 * Numbers and arrays (most keys of the keyed slices) skip sub()'s dispatch.
 */
function termH(keyHash: number, v: unknown): number {
  if (v === undefined) return 0;
  const h = typeof v === 'number' ? numHash(v) : Array.isArray(v) ? arraySub(v) : sub(v);
  return fmix(keyHash + Math.imul(h, C));
}

/** The sum of the terms of a function's keys that SLICES does not name. */
function restTerm(fn: Record<string, unknown>): number {
  let rest = 0;
  for (const k in fn) if (!IS_SLICE.has(k)) rest = (rest + termH(strHash(k), fn[k])) | 0;
  return rest;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * What an event type may change, as a StateHasher mask: bit i = slice SLICES[i] whole, bit
 * SLICE_COUNT = the function's other keys, bit KEY_SHIFT + k = key KEY_PARTS[k].
 */
export function hashMask(type: string): number {
  const { slices, keys } = partMask(type);
  return (slices === ALL_SLICES ? WHOLE : slices) | (keys << KEY_SHIFT);
}

/** hashMask(e.type), or 0 when the event is one its table entry's predicate excludes (slices.ts). */
export type MaskOf = (e: EventBody) => number;

/** A MaskOf for one event type (callers look it up once per type). */
export function maskOf(type: string): MaskOf {
  const mask = hashMask(type);
  const when = changesWhen(type);
  return when === undefined ? () => mask : (e) => (when(e) ? mask : 0);
}

/**
 * The hash of a live state, kept incremental. Per function it caches one term per slice
 * (src/domain/slices.ts), and per key of the keyed slices; an event names its function and the
 * table names the parts its recipe may change, so a checkpoint rehashes only those parts of the
 * functions touched since the last one: O(core + touched parts), not O(VFs). Equal to hashState at
 * every step (tested).
 */
export class StateHasher {
  /** Per function: SLICE_COUNT slice terms, then the term of any other keys. */
  private terms: Int32Array = new Int32Array(0);
  /** Per function: the sum of its terms, kept up to date as terms change (sums wrap, so this is exact). */
  private termSum: Int32Array = new Int32Array(0);
  /** Per function: KEY_STRIDE key terms of the keyed slices. */
  private keyTerms: Int32Array = new Int32Array(0);
  /** Per function and slot: the sum of the slot's key terms, kept up to date the same way. */
  private keySum: Int32Array = new Int32Array(0);
  /** Per function and slot: whether keyTerms holds the slice (it is an object). */
  private keyed: Uint8Array = new Uint8Array(0);
  private fnHash: Int32Array = new Int32Array(0);
  /** Per function: parts changed since the last digest (a hashMask). */
  private dirty: Uint32Array = new Uint32Array(0);
  private touched: number[] = [];
  private all = true;
  private readonly masks = new Map<string, MaskOf>();

  /** Tell the hasher an event was applied. */
  note(e: EventBody): void {
    const fn = touchedFn(e);
    if (fn === undefined) return;
    let mask = this.masks.get(e.type);
    if (mask === undefined) this.masks.set(e.type, (mask = maskOf(e.type)));
    this.noteFn(fn, mask(e));
  }

  /**
   * The same for a caller that knows the event's function and mask (`maskOf(type)(e)`), e.g. fold
   * replay, which looks the mask up once per event type.
   */
  noteFn(fn: number, mask: number): void {
    if (fn < 0 || fn >= this.dirty.length) {
      this.all = true;
      return;
    }
    if (mask === 0) return;
    const d = this.dirty[fn]!;
    if (d === 0) this.touched.push(fn);
    this.dirty[fn] = d | mask;
  }

  /** Forget everything (after the working state was replaced, e.g. loaded from a snapshot). */
  invalidate(): void {
    this.all = true;
  }

  digest(s: TwinState): string {
    const n = s.fns.length;
    const whole = this.all || this.dirty.length !== n;
    if (whole) {
      this.terms = new Int32Array(n * (SLICE_COUNT + 1));
      this.termSum = new Int32Array(n);
      this.keyTerms = new Int32Array(n * KEY_STRIDE);
      this.keySum = new Int32Array(n * KEYED.length);
      this.keyed = new Uint8Array(n * KEYED.length);
      this.fnHash = new Int32Array(2 * n);
      this.dirty = new Uint32Array(n).fill(WHOLE);
      this.touched = [];
      this.all = false;
    }
    const fns = s.fns as unknown as Record<string, unknown>[];
    // In function order, not first-touch order: the per-function state and the caches are then
    // walked mostly forwards in memory, which cut the rehash cost by about a quarter (cache misses).
    const dirty = this.dirty;
    if (whole) {
      for (let i = 0; i < n; i++) this.rehashWhole(i, fns[i]!);
    } else if (this.touched.length * 8 > n || this.touched.length === 0) {
      for (let i = 0; i < n; i++) if (dirty[i] !== 0) this.rehash(i, fns[i]!);
    } else {
      for (const i of this.touched.sort((a, b) => a - b)) this.rehash(i, fns[i]!);
    }
    this.touched = [];
    begin();
    mix(coreSub(s));
    mix(n);
    const h = this.fnHash;
    for (let i = 0; i < 2 * n; i++) mix(h[i]!);
    return endHex();
  }

  /**
   * Recompute function i's dirty terms and its hash (as hashValue(fn) computes it). Only the set
   * bits of its mask are visited, and the sums are updated by the changed terms alone.
   */
  private rehash(i: number, fn: Record<string, unknown>): void {
    const d = this.dirty[i]!;
    this.dirty[i] = 0;
    const base = i * (SLICE_COUNT + 1);
    const t = this.terms;
    let sum = this.termSum[i]!;
    for (let w = d & ALL_SLICES; w !== 0; w &= w - 1) {
      const k = 31 - Math.clz32(w & -w);
      const slot = SLOT_OF[k]!;
      const v = sliceAt(fn, k);
      const term = slot < 0 ? termH(SLICE_HASH[k]!, v) : this.keyedWhole(i, k, slot, v);
      sum = (sum + term - t[base + k]!) | 0;
      t[base + k] = term;
    }
    for (let slot = 0; slot < KEYED.length; slot++) {
      const k = SLOT_SLICE[slot]!;
      if ((d & SLOT_BITS[slot]!) === 0 || d & (1 << k)) continue;
      const term = this.keyedPart(i, k, slot, sliceAt(fn, k), d);
      sum = (sum + term - t[base + k]!) | 0;
      t[base + k] = term;
    }
    if (d & REST) {
      const rest = restTerm(fn);
      sum = (sum + rest - t[base + SLICE_COUNT]!) | 0;
      t[base + SLICE_COUNT] = rest;
    }
    this.setFnHash(i, sum);
  }

  /**
   * rehash(i, fn) with every part dirty and no term cached yet, as at the first digest and after
   * `invalidate`. Apart from rehash so that V8 compiles this long pass (every function of the
   * state) without rehash's per-key path, which has not run yet at the first digest: compiled into
   * that loop with no type feedback, the path deoptimised at later checkpoints, in one bench run
   * 187 times.
   */
  private rehashWhole(i: number, fn: Record<string, unknown>): void {
    this.dirty[i] = 0;
    const base = i * (SLICE_COUNT + 1);
    const t = this.terms;
    let sum = 0;
    for (let k = 0; k < SLICE_COUNT; k++) {
      const slot = SLOT_OF[k]!;
      const v = sliceAt(fn, k);
      const term = slot < 0 ? termH(SLICE_HASH[k]!, v) : this.keyedWhole(i, k, slot, v);
      t[base + k] = term;
      sum = (sum + term) | 0;
    }
    const rest = restTerm(fn);
    t[base + SLICE_COUNT] = rest;
    this.setFnHash(i, (sum + rest) | 0);
  }

  /** Record function i's sum of terms and its hash (hashValue(fn)'s two words) from it. */
  private setFnHash(i: number, sum: number): void {
    this.termSum[i] = sum;
    begin();
    mix(fmix(sum ^ TAG_OBJECT));
    end();
    this.fnHash[2 * i] = outA;
    this.fnHash[2 * i + 1] = outB;
  }

  /** A keyed slice's term, every key hashed anew (and cached). */
  private keyedWhole(i: number, k: number, slot: number, v: unknown): number {
    if (!isRecord(v)) {
      this.keyed[i * KEYED.length + slot] = 0;
      return termH(SLICE_HASH[k]!, v);
    }
    const kt = this.keyTerms;
    const off = i * KEY_STRIDE + SLOT_OFF[slot]!;
    const len = SLOT_LEN[slot]!;
    const names = SLOT_NAMES[slot]!;
    kt.fill(0, off, off + len);
    let other = 0;
    let sum = 0;
    // Keys usually come in the table's order (the slice's constructor writes them so): expect
    // the next one before looking the key up.
    let next = 0;
    for (const key in v) {
      const j = key === names[next] ? next : SLOT_INDEX[slot]!.get(key);
      if (j === undefined) {
        other = (other + termH(strHash(key), v[key])) | 0;
      } else {
        next = j + 1;
        const term = termH(KEY_HASH[SLOT_FIRST[slot]! + j]!, v[key]);
        kt[off + j] = term;
        sum = (sum + term) | 0;
      }
    }
    kt[off + len] = other;
    this.keyed[i * KEYED.length + slot] = 1;
    return this.slotTerm(i, k, slot, (sum + other) | 0);
  }

  /** A keyed slice's term after only the keys `d` names changed. */
  private keyedPart(i: number, k: number, slot: number, v: unknown, d: number): number {
    if (this.keyed[i * KEYED.length + slot] === 0 || !isRecord(v)) return this.keyedWhole(i, k, slot, v);
    const kt = this.keyTerms;
    const off = i * KEY_STRIDE + SLOT_OFF[slot]!;
    const first = SLOT_FIRST[slot]!;
    const read = SLOT_READ[slot]!;
    let sum = this.keySum[i * KEYED.length + slot]!;
    for (let b = (d & SLOT_BITS[slot]!) >>> (KEY_SHIFT + first); b !== 0; b &= b - 1) {
      const j = 31 - Math.clz32(b & -b);
      const term = termH(KEY_HASH[first + j]!, read(v, j));
      sum = (sum + term - kt[off + j]!) | 0;
      kt[off + j] = term;
    }
    return this.slotTerm(i, k, slot, sum);
  }

  /** Slice k's term from the sum of its key terms (listed keys and the rest), which it records. */
  private slotTerm(i: number, k: number, slot: number, sum: number): number {
    this.keySum[i * KEYED.length + slot] = sum;
    return fmix(SLICE_HASH[k]! + Math.imul(fmix(sum ^ TAG_OBJECT), C));
  }
}
