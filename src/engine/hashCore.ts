/**
 * The value hash under the state hash (README "Guarantees"): plain data into a 64-bit hash (two
 * murmur3-mixed 32-bit lanes), printed as 16 hex digits. Stable: object keys combine
 * order-independently, so equal states hash equal whatever order their keys were added in. The
 * algorithm is part of the trace format (checkpoints store these hashes): changing it means a new
 * format version. ./hash.ts keeps the hash of a live state incremental on top of it.
 */
import type { TwinState } from '../domain/state.js';

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
export const TAG_OBJECT = -0x7ffffff8;

// The two 32-bit lanes of the running hash. Module-level rather than fields of an object: the
// walk below is the hot path of fold replay, and plain variables are what V8 optimises best.
// A walk runs to completion synchronously, so there is no sharing between two walks.
let A = 0;
let B = 0;
/** The last end()'s two words (no tuple allocated per function hash). */
export let outA = 0;
export let outB = 0;

export function mix(k: number): void {
  let x = Math.imul(k | 0, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  A ^= x;
  A = (A << 13) | (A >>> 19);
  A = (Math.imul(A, 5) + 0xe6546b64) | 0;
  B = (Math.imul(B ^ x, 0x85ebca6b) + 0x27d4eb2f) | 0;
  B = (B << 11) | (B >>> 21);
}

export function begin(): void {
  A = 0x9747b28c | 0;
  B = 0x85ebca6b | 0;
}

export function end(): void {
  let a = A ^ (A >>> 16);
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  let b = B ^ (B >>> 15);
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  outA = a >>> 0;
  outB = (b ^ a) >>> 0;
}

/** murmur3's 32-bit finaliser: avalanche one word. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export function strHash(s: string): number {
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
export function sub(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return numHash(v);
    case 'string':
      return strHash(v) ^ TAG_STRING;
    case 'boolean':
      return v ? TAG_TRUE : TAG_FALSE;
    case 'undefined':
      return TAG_NULL;
    case 'object': {
      if (v === null) return TAG_NULL;
      if (Array.isArray(v)) return arraySub(v);
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
        sum = (sum + fmix(strHash(k) + Math.imul(typeof x === 'number' ? numHash(x) : sub(x), 0x9e3779b1))) | 0;
      }
      return fmix(sum ^ TAG_OBJECT);
    }
    default:
      throw new TypeError(`state holds a non-data value (${typeof v})`);
  }
}

/**
 * sub() of an array. Apart so that a caller holding an array (most keys of the MSI-X slice are
 * short number arrays) hashes it without going through sub()'s dispatch.
 */
export function arraySub(v: readonly unknown[]): number {
  let h = fmix(TAG_ARRAY ^ v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    h = fmix(Math.imul(h, 0x9e3779b1) + (typeof x === 'number' ? numHash(x) : sub(x)));
  }
  return h;
}

/**
 * sub() of a number. Apart so that a caller holding a number (an element of a number array, most
 * of the state) hashes it inline, without boxing it for sub().
 */
export function numHash(v: number): number {
  if ((v | 0) === v && (v !== 0 || 1 / v > 0)) return fmix(v ^ 0x27d4eb2f);
  f64[0] = v;
  return fmix(fmix(u32[0]! ^ TAG_FLOAT) + Math.imul(u32[1]!, 0x9e3779b1));
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** The last end() as 16 hex digits. */
export function endHex(): string {
  end();
  return hex8(outA) + hex8(outB);
}

/**
 * Full (non-incremental) hash: the reference the incremental one must always equal. Computed
 * straight from the value hash, none of StateHasher's (./hash.ts) caches involved, so the tests comparing the
 * two check those caches.
 */
export function hashState(s: TwinState): string {
  const n = s.fns.length;
  const words = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    begin();
    mix(sub(s.fns[i]));
    end();
    words[2 * i] = outA;
    words[2 * i + 1] = outB;
  }
  begin();
  mix(coreSub(s));
  mix(n);
  for (let i = 0; i < 2 * n; i++) mix(words[i]!);
  return endHex();
}

/** Hash of any plain value. */
export function hashValue(v: unknown): string {
  begin();
  mix(sub(v));
  return endHex();
}

/**
 * sub() of the core: every top-level key but `fns`, and but `config`, which never changes during a
 * run and lives in the trace header (hashing it would make every new device option change every
 * hash). It is hashed as users see it (src/domain/view.ts): the in-flight command list as the map
 * from cid it stands for, the mapper's VF table as the maps from VF and from cid of format 2, so
 * the hash does not depend on the tables' working layout and older checkpoints still match.
 * Computed without building those maps.
 */
export function coreSub(s: TwinState): number {
  const o = s as unknown as Record<string, unknown>;
  let sum = 0;
  for (const k in o) {
    if (k === 'fns' || k === 'config') continue;
    const v = o[k];
    if (v === undefined) continue;
    const h = k === 'aq' ? aqSub(v as Record<string, unknown>)
      : k === 'mapper' ? mapperSub(v as Record<string, unknown>) : sub(v);
    sum = (sum + fmix(strHash(k) + Math.imul(h, 0x9e3779b1))) | 0;
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

const VFS_HASH = strHash('vfs');
const BY_CID_HASH = strHash('byCid');

/**
 * sub() of the mapper as format 2 held it: `vfs` the map from VF to entry, `byCid` the map from
 * the cid each entry waits for to its VF (src/domain/mapper/table.ts). Visits the busy VFs only.
 */
function mapperSub(m: Record<string, unknown>): number {
  const table = m.vfs;
  if (!Array.isArray(table)) return sub(m);
  const vfs = table as ({ inflight: number } | null)[];
  const busy = m.busy as readonly number[];
  let vfSum = 0;
  let cidSum = 0;
  for (let i = 0; i < busy.length; i++) {
    const fn = busy[i]!;
    const v = vfs[fn]!;
    const key = strHash(String(fn));
    vfSum = (vfSum + fmix(key + Math.imul(sub(v), 0x9e3779b1))) | 0;
    if (v.inflight >= 0) cidSum = (cidSum + fmix(strHash(String(v.inflight)) + Math.imul(numHash(fn), 0x9e3779b1))) | 0;
  }
  let sum = (fmix(VFS_HASH + Math.imul(fmix(vfSum ^ TAG_OBJECT), 0x9e3779b1))
    + fmix(BY_CID_HASH + Math.imul(fmix(cidSum ^ TAG_OBJECT), 0x9e3779b1))) | 0;
  for (const k in m) {
    const x = m[k];
    if (k === 'vfs' || x === undefined) continue;
    sum = (sum + fmix(strHash(k) + Math.imul(sub(x), 0x9e3779b1))) | 0;
  }
  return fmix(sum ^ TAG_OBJECT);
}
