/**
 * State hash (DESIGN §3): a stable walk of plain data (object keys sorted) into a 64-bit hash
 * (two murmur3-mixed 32-bit lanes), printed as 16 hex digits.
 *
 * StateHasher keeps it incremental: the core (every top-level key but `fns`) is hashed whole at
 * each digest, but each function's hash is cached and recomputed only when an event touched it
 * (`fn` on the event). Checkpoints then cost O(core + touched functions), not O(VFs).
 */
import { touchedFn, type EventBody } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

class Mixer {
  a = 0x9747b28c;
  b = 0x85ebca6b;
  word(k: number): void {
    let x = Math.imul(k | 0, 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    x = Math.imul(x, 0x1b873593);
    this.a ^= x;
    this.a = (this.a << 13) | (this.a >>> 19);
    this.a = (Math.imul(this.a, 5) + 0xe6546b64) | 0;
    this.b = (Math.imul(this.b ^ x, 0x85ebca6b) + 0x27d4eb2f) | 0;
    this.b = (this.b << 11) | (this.b >>> 21);
  }
  str(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
          this.word(1);
          this.word(v);
        } else {
          f64[0] = v;
          this.word(2);
          this.word(u32[0]!);
          this.word(u32[1]!);
        }
        return;
      case 'string':
        this.word(3);
        this.str(v);
        return;
      case 'boolean':
        this.word(v ? 4 : 5);
        return;
      case 'undefined':
        this.word(6);
        return;
      case 'object':
        if (v === null) return this.word(6);
        if (Array.isArray(v)) {
          this.word(7);
          this.word(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
          return;
        }
        if (v instanceof Uint8Array) {
          this.word(8);
          this.word(v.length);
          for (let i = 0; i < v.length; i++) this.word(v[i]!);
          return;
        }
        this.word(9);
        // Sorted keys and absent == undefined: the hash does not depend on insertion order.
        for (const k of Object.keys(v).sort()) {
          const x = (v as Record<string, unknown>)[k];
          if (x === undefined) continue;
          this.str(k);
          this.value(x);
        }
        this.word(10);
        return;
      default:
        throw new TypeError(`state holds a non-data value (${typeof v})`);
    }
  }
  finish(): [number, number] {
    let a = this.a ^ (this.a >>> 16);
    a = Math.imul(a, 0x85ebca6b);
    a ^= a >>> 13;
    let b = this.b ^ (this.b >>> 15);
    b = Math.imul(b, 0xc2b2ae35);
    b ^= b >>> 16;
    return [a >>> 0, (b ^ a) >>> 0];
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** Hash of any plain value. */
export function hashValue(v: unknown): string {
  const m = new Mixer();
  m.value(v);
  const [a, b] = m.finish();
  return hex8(a) + hex8(b);
}

function coreOf(s: TwinState): Record<string, unknown> {
  const core: Record<string, unknown> = {};
  for (const k of Object.keys(s)) if (k !== 'fns') core[k] = (s as unknown as Record<string, unknown>)[k];
  return core;
}

/** Full (non-incremental) hash: the reference the incremental one must always equal. */
export function hashState(s: TwinState): string {
  return new StateHasher().digest(s);
}

export class StateHasher {
  private fnHash: number[] = [];
  private dirty: Uint8Array = new Uint8Array(0);
  private all = true;

  /** Tell the hasher an event was applied. */
  note(e: EventBody): void {
    const fn = touchedFn(e);
    if (fn === undefined) return;
    if (fn < 0 || fn >= this.dirty.length) this.all = true;
    else this.dirty[fn] = 1;
  }

  /** Forget everything (after the working state was replaced, e.g. loaded from a snapshot). */
  invalidate(): void {
    this.all = true;
  }

  digest(s: TwinState): string {
    const n = s.fns.length;
    if (this.all || this.dirty.length !== n) {
      this.fnHash = new Array(2 * n);
      this.dirty = new Uint8Array(n).fill(1);
      this.all = false;
    }
    for (let i = 0; i < n; i++) {
      if (!this.dirty[i]) continue;
      const m = new Mixer();
      m.value(s.fns[i]);
      const [a, b] = m.finish();
      this.fnHash[2 * i] = a;
      this.fnHash[2 * i + 1] = b;
      this.dirty[i] = 0;
    }
    const m = new Mixer();
    m.value(coreOf(s));
    m.word(n);
    for (let i = 0; i < 2 * n; i++) m.word(this.fnHash[i]!);
    const [a, b] = m.finish();
    return hex8(a) + hex8(b);
  }
}
