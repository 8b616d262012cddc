/**
 * Steps as numbers, for handing a plan's steps to a shadow run on another thread
 * (tools/ingest/parallel.ts). Structured-cloning a million small step objects costs about what
 * running them does; seven doubles a step in one transferable array costs next to nothing. The
 * kinds a QEMU log is made of (BAR0 accesses, messages, MSI-X mask changes) are packed; any other
 * step, or one whose values the packing cannot hold exactly, travels as itself in `other`.
 * Decoding gives objects equal to the encoded ones, keys in the same order.
 */
import type { Step } from './steps.js';

/** Doubles per step: kind, line, fn, then four fields whose meaning depends on the kind. */
export const STEP_WORDS = 7;

const OTHER = 0;
const IO = 1;
const IRQ = 2;
const MSIX = 3;

/** A field that is null (or absent), and the string values the packed fields may hold. */
const NONE = -2;
const INTX = -1;
const CONFIG = -1;

type MsixOp = Extract<Step, { k: 'msix' }>['op'];
const MSIX_OPS: readonly MsixOp[] = ['enable', 'disable', 'mask', 'unmask', 'fmask', 'funmask'];

export interface PackedSteps {
  /** STEP_WORDS doubles per step. */
  words: Float64Array;
  /** The steps that travel as themselves, by the index their kind-0 entry holds. */
  other: Step[];
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Pack `steps` (a new array: the caller may reuse `steps` once this returns). */
export function packSteps(steps: readonly Step[]): PackedSteps {
  const p = new StepPacker(steps.length);
  for (let i = 0; i < steps.length; i++) p.add(steps[i]!);
  return p.take();
}

/**
 * Packs steps one at a time as they are planned, so none of them lives on until a whole batch is
 * there (kept, a batch's step objects outlived the young generation, and the collector copied them).
 */
export class StepPacker {
  private words: Float64Array;
  private other: Step[] = [];
  private w = 0;

  constructor(private readonly capacity: number) {
    this.words = new Float64Array(capacity * STEP_WORDS);
  }

  get length(): number {
    return this.w / STEP_WORDS;
  }

  add(s: Step): void {
    if (this.w === this.words.length) {
      const grown = new Float64Array(Math.max(STEP_WORDS, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const words = this.words;
    const w = this.w;
    this.w += STEP_WORDS;
    words[w + 1] = s.line;
    if (s.k === 'io' && typeof s.write === 'boolean') {
      words[w] = IO;
      words[w + 2] = s.fn;
      words[w + 3] = s.write ? 1 : 0;
      words[w + 4] = s.offset;
      words[w + 5] = s.size;
      words[w + 6] = s.value;
    } else if (s.k === 'irq' && packableIrq(s)) {
      words[w] = IRQ;
      words[w + 2] = s.fn;
      words[w + 3] = s.vector === null ? NONE : s.vector === 'intx' ? INTX : s.vector;
      words[w + 4] = s.source === null ? NONE : s.source === 'config' ? CONFIG : s.source;
      words[w + 5] = s.pending === null ? NONE : s.pending ? 1 : 0;
    } else if (s.k === 'msix' && MSIX_OPS.includes(s.op) && (!('vector' in s) || isIndex(s.vector))) {
      words[w] = MSIX;
      words[w + 2] = s.fn;
      words[w + 3] = MSIX_OPS.indexOf(s.op);
      words[w + 4] = 'vector' in s ? s.vector! : NONE;
    } else {
      words[w] = OTHER;
      words[w + 2] = this.other.length;
      this.other.push(s);
    }
  }

  /** The steps added since the last take, packed; the packer starts empty again. */
  take(): PackedSteps {
    const out = { words: this.w === this.words.length ? this.words : this.words.slice(0, this.w), other: this.other };
    this.words = new Float64Array(this.capacity * STEP_WORDS);
    this.other = [];
    this.w = 0;
    return out;
  }
}

function packableIrq(s: Extract<Step, { k: 'irq' }>): boolean {
  const v = s.vector;
  const src = s.source;
  return (v === null || v === 'intx' || isIndex(v)) && (src === null || src === 'config' || isIndex(src)) &&
    (s.pending === null || typeof s.pending === 'boolean');
}

/** The steps `packSteps` packed, in order. */
export function unpackSteps(p: PackedSteps): Step[] {
  const { words, other } = p;
  const n = words.length / STEP_WORDS;
  const out: Step[] = new Array(n);
  for (let i = 0, w = 0; i < n; i++, w += STEP_WORDS) {
    const kind = words[w]!;
    const line = words[w + 1]!;
    if (kind === IO) {
      out[i] = { k: 'io', line, fn: words[w + 2]!, write: words[w + 3] === 1, offset: words[w + 4]!,
        size: words[w + 5]!, value: words[w + 6]! };
    } else if (kind === IRQ) {
      const v = words[w + 3]!;
      const src = words[w + 4]!;
      const pending = words[w + 5]!;
      out[i] = { k: 'irq', line, fn: words[w + 2]!, vector: v === NONE ? null : v === INTX ? 'intx' : v,
        source: src === NONE ? null : src === CONFIG ? 'config' : src,
        pending: pending === NONE ? null : pending === 1 };
    } else if (kind === MSIX) {
      const op = MSIX_OPS[words[w + 3]!]!;
      const vector = words[w + 4]!;
      out[i] = vector === NONE ? { k: 'msix', line, fn: words[w + 2]!, op }
        : { k: 'msix', line, fn: words[w + 2]!, op, vector };
    } else {
      out[i] = other[words[w + 2]!]!;
    }
  }
  return out;
}
