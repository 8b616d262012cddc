/**
 * A 64-bit fingerprint of plain data (two independent 32-bit lanes), for exploration's visited-
 * state table. Not the trace's state hash (src/engine/hash.ts, part of the trace format): this one
 * only has to be fast and rarely collide within one exploration. Object keys combine with a
 * commutative sum, so key order does not matter; arrays are ordered. Strings are hashed once and
 * remembered (the same request bytes and tags recur in every state).
 */
import { fmix } from '../engine/hash.js';

/** Lane B of the value `lane` last hashed (lane A is its return value). */
let laneB = 0;
/** An object key left out of the fingerprint while `laneA` runs. */
let skip: string | null = null;

function gmix(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return (h ^ (h >>> 15)) | 0;
}

const MAX_STRINGS = 1 << 16;
const strA = new Map<string, number>();
const strB = new Map<string, number>();

function str(s: string): number {
  const a = strA.get(s);
  if (a !== undefined) {
    laneB = strB.get(s)!;
    return a;
  }
  let h = 0x811c9dc5 ^ s.length;
  let g = 0x1b873593 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
    g = Math.imul(g + c, 0x5bd1e995) ^ (g >>> 13);
  }
  h = fmix(h ^ 0x51ed270b);
  g = gmix(g);
  if (strA.size >= MAX_STRINGS) {
    strA.clear();
    strB.clear();
  }
  strA.set(s, h);
  strB.set(s, g);
  laneB = g;
  return h;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Hash of any plain value: lane A returned, lane B in `laneB`. */
function lane(v: unknown): number {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v) {
        laneB = gmix(v ^ 0x3c6ef372);
        return fmix(v ^ 0x27d4eb2f);
      }
      f64[0] = v;
      laneB = gmix(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1));
      return fmix(u32[1]! ^ Math.imul(u32[0]!, 0x85ebca6b) ^ 0x7f4a7c15);
    case 'string':
      return str(v) ^ 0x6a09e667;
    case 'boolean':
      laneB = v ? 0x3243f6a8 : 0x13198a2e;
      return v ? 0x243f6a88 : 0x085a308d;
    case 'object': {
      if (v === null) break;
      if (Array.isArray(v)) {
        let a = fmix(0x2545f491 ^ v.length);
        let b = gmix(0x6c078965 ^ v.length);
        for (let i = 0; i < v.length; i++) {
          const x = lane(v[i]);
          a = fmix(Math.imul(a, 0x9e3779b1) + x);
          b = gmix(Math.imul(b, 0x85ebca77) ^ laneB);
        }
        laneB = b;
        return a;
      }
      const o = v as Record<string, unknown>;
      let sa = 0;
      let sb = 0;
      for (const k in o) {
        const x = o[k];
        if (x === undefined || k === skip) continue;
        const ka = str(k);
        const kb = laneB;
        const xa = lane(x);
        sa = (sa + fmix(ka + Math.imul(xa, 0x9e3779b1))) | 0;
        sb = (sb + gmix(kb ^ Math.imul(laneB, 0xc2b2ae35))) | 0;
      }
      laneB = gmix(sb ^ 0x5be0cd19);
      return fmix(sa ^ 0x1f83d9ab);
    }
    default:
      break;
  }
  laneB = 0x0b1a5e5d;
  return 0x5ca1ab1e;
}

/** A fingerprint: two 32-bit lanes. */
export interface Print {
  a: number;
  b: number;
}

export function print(v: unknown): Print {
  const a = lane(v);
  return { a, b: laneB };
}

/** Fold `p` into the running sum `into` (order-independent: sums of mixed lanes). */
export function addPrint(into: Print, p: Print, salt: number): void {
  addLanes(into, p.a, p.b, salt);
}

export function addLanes(into: Print, a: number, b: number, salt: number): void {
  into.a = (into.a + fmix(a + Math.imul(salt, 0x9e3779b1))) | 0;
  into.b = (into.b + gmix(b ^ Math.imul(salt, 0x85ebca6b))) | 0;
}

export function subPrint(into: Print, p: Print, salt: number): void {
  into.a = (into.a - fmix(p.a + Math.imul(salt, 0x9e3779b1))) | 0;
  into.b = (into.b - gmix(p.b ^ Math.imul(salt, 0x85ebca6b))) | 0;
}

/** Lane A of `v`'s fingerprint; lane B is `lastLaneB()` until the next call (no allocation). */
export function laneA(v: unknown, without: string | null = null): number {
  skip = without;
  try {
    return lane(v);
  } finally {
    skip = null;
  }
}

export function lastLaneB(): number {
  return laneB;
}

/** Mixes fingerprints in order into one key (no allocation on the way). */
export class Combiner {
  private a = 0;
  private b = 0;

  reset(): this {
    this.a = 0x6a09e667;
    this.b = 0x3c6ef372;
    return this;
  }

  add(a: number, b: number): void {
    this.a = fmix(Math.imul(this.a, 0x9e3779b1) + a);
    this.b = gmix(Math.imul(this.b, 0x85ebca77) ^ b);
  }

  addPrint(p: Print): void {
    this.add(p.a, p.b);
  }

  addValue(v: unknown, without: string | null = null): void {
    const a = laneA(v, without);
    this.add(a, laneB);
  }

  /** 53 bits of the key, as a number. */
  key(): number {
    return (this.a >>> 0) * 0x200000 + (this.b >>> 11);
  }
}
