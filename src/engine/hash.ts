/**
 * State hash (README "Guarantees"): plain data into a 64-bit hash (two murmur3-mixed 32-bit lanes),
 * printed as 16 hex digits. Stable: object keys combine order-independently, so equal states hash
 * equal whatever order their keys were added in. The algorithm is part of trace format version 1
 * (checkpoints store these hashes): changing it means a new format version.
 *
 * StateHasher keeps it incremental: the core (every top-level key but `fns` and `config`) is hashed whole at
 * each digest, but each function's hash is cached and recomputed only when an event touched it
 * (`fn` on the event). Checkpoints then cost O(core + touched functions), not O(VFs).
 */
import { touchedFn, type EventBody } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { ALL_SLICES, SLICES, sliceMask } from '../domain/slices.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// Type tags: words outside the range of the small counters and ids the state mostly holds.
const TAG_FLOAT = -0x7ffffff1;
const TAG_STRING = -0x7ffffff2;
const TAG_TRUE = -0x7ffffff3;
const TAG_FALSE = -0x7ffffff4;
const TAG_NULL = -0x7ffffff5;
const TAG_ARRAY = -0x7ffffff6;
const TAG_BYTES = -0x7ffffff7;
const TAG_OBJECT = -0x7ffffff8;

// The two 32-bit lanes of the running hash. Module-level rather than fields of an object: the
// walk below is the hot path of fold replay, and plain variables are what V8 optimises best.
// A walk runs to completion synchronously, so there is no sharing between two walks.
let A = 0;
let B = 0;

function mix(k: number): void {
  let x = Math.imul(k | 0, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  A ^= x;
  A = (A << 13) | (A >>> 19);
  A = (Math.imul(A, 5) + 0xe6546b64) | 0;
  B = (Math.imul(B ^ x, 0x85ebca6b) + 0x27d4eb2f) | 0;
  B = (B << 11) | (B >>> 21);
}

function begin(): void {
  A = 0x9747b28c | 0;
  B = 0x85ebca6b | 0;
}

function end(): [number, number] {
  let a = A ^ (A >>> 16);
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  let b = B ^ (B >>> 15);
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, (b ^ a) >>> 0];
}

/** murmur3's 32-bit finaliser: avalanche one word. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function strHash(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

/**
 * 32-bit hash of a value. Objects combine their (key, value) pairs with a commutative sum, so the
 * hash does not depend on key insertion order without sorting anything (sorting, and reading
 * properties in sorted rather than insertion order, dominated fold replay). Arrays are ordered.
 * Absent and undefined properties are the same.
 */
function sub(v: unknown): number {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && (v !== 0 || 1 / v > 0)) return fmix(v ^ 0x27d4eb2f);
      f64[0] = v;
      return fmix(fmix(u32[0]! ^ TAG_FLOAT) + Math.imul(u32[1]!, 0x9e3779b1));
    case 'string':
      return strHash(v) ^ TAG_STRING;
    case 'boolean':
      return v ? TAG_TRUE : TAG_FALSE;
    case 'undefined':
      return TAG_NULL;
    case 'object': {
      if (v === null) return TAG_NULL;
      if (Array.isArray(v)) {
        let h = fmix(TAG_ARRAY ^ v.length);
        for (let i = 0; i < v.length; i++) h = fmix(Math.imul(h, 0x9e3779b1) + sub(v[i]));
        return h;
      }
      if (v instanceof Uint8Array) {
        let h = fmix(TAG_BYTES ^ v.length);
        for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v[i]!, 0x01000193);
        return fmix(h);
      }
      const o = v as Record<string, unknown>;
      let sum = 0;
      for (const k in o) {
        const x = o[k];
        if (x === undefined) continue;
        sum = (sum + fmix(strHash(k) + Math.imul(sub(x), 0x9e3779b1))) | 0;
      }
      return fmix(sum ^ TAG_OBJECT);
    }
    default:
      throw new TypeError(`state holds a non-data value (${typeof v})`);
  }
}

function walk(v: unknown): void {
  mix(sub(v));
}

function hashOf(v: unknown): [number, number] {
  begin();
  walk(v);
  return end();
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** Hash of any plain value. */
export function hashValue(v: unknown): string {
  const [a, b] = hashOf(v);
  return hex8(a) + hex8(b);
}

/**
 * sub() of the core: every top-level key but `fns`, and but `config`, which never changes during a
 * run and lives in the trace header (hashing it would make every new device option change every
 * hash). It is hashed as users see it (src/domain/view.ts): the in-flight command list as the map
 * from cid it stands for, so the hash does not depend on the table's working layout and format 1
 * checkpoints still match. Computed without building that map.
 */
function coreSub(s: TwinState): number {
  const o = s as unknown as Record<string, unknown>;
  let sum = 0;
  for (const k in o) {
    if (k === 'fns' || k === 'config') continue;
    const v = o[k];
    if (v === undefined) continue;
    sum = (sum + fmix(strHash(k) + Math.imul(k === 'aq' ? aqSub(v as Record<string, unknown>) : sub(v),
      0x9e3779b1))) | 0;
  }
  return fmix(sum ^ TAG_OBJECT);
}

function aqSub(aq: Record<string, unknown>): number {
  let sum = 0;
  for (const k in aq) {
    const v = aq[k];
    if (v === undefined) continue;
    const h = k === 'commands' && Array.isArray(v) ? cidMapSub(v as { cid: number }[]) : sub(v);
    sum = (sum + fmix(strHash(k) + Math.imul(h, 0x9e3779b1))) | 0;
  }
  return fmix(sum ^ TAG_OBJECT);
}

/** sub() of `{ [c.cid]: c }` for the commands of the list. */
function cidMapSub(list: readonly { cid: number }[]): number {
  let sum = 0;
  for (const c of list) sum = (sum + fmix(strHash(String(c.cid)) + Math.imul(sub(c), 0x9e3779b1))) | 0;
  return fmix(sum ^ TAG_OBJECT);
}

/** Full (non-incremental) hash: the reference the incremental one must always equal. */
export function hashState(s: TwinState): string {
  return new StateHasher().digest(s);
}

const SLICE_COUNT = SLICES.length;
/** Bit SLICE_COUNT: keys of a function that SLICES does not name (recomputed with any whole-function change). */
const REST = 1 << SLICE_COUNT;
const WHOLE = ALL_SLICES | REST;
const IS_SLICE: ReadonlySet<string> = new Set(SLICES);

/** A function's (key, value) term of the object hash in sub(): 0 for an absent key. */
function term(key: string, v: unknown): number {
  return v === undefined ? 0 : fmix(strHash(key) + Math.imul(sub(v), 0x9e3779b1));
}

/**
 * The hash of a live state, kept incremental. Per function it caches one term per slice
 * (src/domain/slices.ts); an event names its function and the table names the slices its recipe
 * may change, so a checkpoint rehashes only those slices of the functions touched since the last
 * one: O(core + touched slices), not O(VFs). Equal to hashState at every step (tested).
 */
export class StateHasher {
  /** Per function: SLICE_COUNT slice terms, then the term of any other keys. */
  private terms: Int32Array = new Int32Array(0);
  private fnHash: number[] = [];
  /** Per function: slices changed since the last digest (bit mask; REST = other keys). */
  private dirty: Uint16Array = new Uint16Array(0);
  private touched: number[] = [];
  private all = true;
  private readonly masks = new Map<string, number>();

  /** Tell the hasher an event was applied. */
  note(e: EventBody): void {
    const fn = touchedFn(e);
    if (fn === undefined) return;
    let mask = this.masks.get(e.type);
    if (mask === undefined) this.masks.set(e.type, (mask = sliceMask(e.type)));
    this.noteFn(fn, mask);
  }

  /**
   * The same for a caller that knows the event's function and slice mask (`sliceMask(type)`),
   * e.g. fold replay, which looks the mask up once per event type.
   */
  noteFn(fn: number, mask: number): void {
    if (fn < 0 || fn >= this.dirty.length) {
      this.all = true;
      return;
    }
    if (mask === 0) return;
    const d = this.dirty[fn]!;
    if (d === 0) this.touched.push(fn);
    this.dirty[fn] = d | (mask === ALL_SLICES ? WHOLE : mask);
  }

  /** Forget everything (after the working state was replaced, e.g. loaded from a snapshot). */
  invalidate(): void {
    this.all = true;
  }

  digest(s: TwinState): string {
    const n = s.fns.length;
    if (this.all || this.dirty.length !== n) {
      this.terms = new Int32Array(n * (SLICE_COUNT + 1));
      this.fnHash = new Array<number>(2 * n);
      this.dirty = new Uint16Array(n).fill(WHOLE);
      this.touched = Array.from({ length: n }, (_, i) => i);
      this.all = false;
    }
    for (const i of this.touched) this.rehash(i, s.fns[i] as unknown as Record<string, unknown>);
    this.touched = [];
    begin();
    mix(coreSub(s));
    mix(n);
    for (let i = 0; i < 2 * n; i++) mix(this.fnHash[i]!);
    const [a, b] = end();
    return hex8(a) + hex8(b);
  }

  /** Recompute function i's dirty terms and its hash (as hashOf(fn) computes it). */
  private rehash(i: number, fn: Record<string, unknown>): void {
    const d = this.dirty[i]!;
    this.dirty[i] = 0;
    const base = i * (SLICE_COUNT + 1);
    const t = this.terms;
    for (let k = 0; k < SLICE_COUNT; k++) {
      if (d & (1 << k)) t[base + k] = term(SLICES[k]!, fn[SLICES[k]!]);
    }
    if (d & REST) {
      let rest = 0;
      for (const k in fn) if (!IS_SLICE.has(k)) rest = (rest + term(k, fn[k])) | 0;
      t[base + SLICE_COUNT] = rest;
    }
    let sum = 0;
    for (let k = 0; k <= SLICE_COUNT; k++) sum = (sum + t[base + k]!) | 0;
    begin();
    mix(fmix(sum ^ TAG_OBJECT));
    const [a, b] = end();
    this.fnHash[2 * i] = a;
    this.fnHash[2 * i + 1] = b;
  }
}
