/**
 * The event streams' decoder (src/trace/recordDecoder.ts) against msgpackr's: whatever a
 * sequential Packr wrote (records of many shapes past the 64 record ids, every msgpack type, values
 * the fast decoder leaves to msgpackr), cut short or with bytes changed, RecordStream hands the
 * same values to its callback, returns the same position and throws the same errors as `decodeAll`
 * with a sequential Unpackr, the decoding the trace format is defined by.
 */
import { inspect } from 'node:util';
import { Packr, Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decodeAll } from '../../../src/trace/commands.js';
import { RecordStream } from '../../../src/trace/recordDecoder.js';

/** A small deterministic generator (the test's own: its sequence is all that matters). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const KEYS = ['type', 'fn', 'vector', 'source', 'q', 'cid', 'tag', 'req', 'ok', '__proto__', '0', '12', 'a b',
  'é', 'data', 'x', 'y', 'z', 'masked', 'cids', 'item', 'ready', 'value', 'offset'];
const STRINGS = ['', 'a', 'aq.start:q0:c0', 'x'.repeat(15), 'y'.repeat(16), 'z'.repeat(17),
  '0123456789abcdef'.repeat(4), 'q'.repeat(300), 'é', 'naïve café', '😀 emoji', 'ü'.repeat(40)];

/** A value of the kinds events hold, sometimes one the fast decoder leaves to msgpackr. */
function value(r: () => number, depth: number, exotic: boolean): unknown {
  const k = Math.floor(r() * (depth > 2 ? 9 : 12));
  switch (k) {
    case 0: return Math.floor(r() * 64);
    case 1: return Math.floor(r() * 70_000) - 200;
    case 2: return [2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 31), -(2 ** 40), 2 ** 53, 0.5, -1.25, -0, NaN, 1e300][
      Math.floor(r() * 11)];
    case 3: return STRINGS[Math.floor(r() * STRINGS.length)];
    case 4: return [true, false, null, undefined][Math.floor(r() * 4)];
    case 5: return `io${Math.floor(r() * 1000)}`;
    case 6: return Math.floor(r() * 256) + 64;
    case 7: return exotic && r() < 0.5
      ? [new Map([['a', 1]]), new Uint8Array([1, 2, 3]), 2n ** 60n, new Set([1]), new Date(0)][Math.floor(r() * 5)]
      : -Math.floor(r() * 40);
    case 8: return Math.floor(r() * 2 ** 32);
    case 9:
    case 10: return record(r, depth + 1, exotic);
    default: return Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth + 1, exotic));
  }
}

/** An object with a random choice of keys: over a stream, far more shapes than the 64 record ids. */
function record(r: () => number, depth: number, exotic: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const key = KEYS[Math.floor(r() * KEYS.length)]!;
    // An own `__proto__` key, as decoded data has it (a plain assignment would set the prototype).
    Object.defineProperty(o, key, { value: value(r, depth, exotic), enumerable: true, writable: true,
      configurable: true });
  }
  return o;
}

/** Frames of records, as a sequential Packr writes one stream (records may also be bare numbers). */
function stream(seed: number, frames: number, exotic: boolean): Uint8Array[] {
  const r = rng(seed);
  const packr = new Packr({ sequential: true });
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const parts: Uint8Array[] = [];
    const n = 1 + Math.floor(r() * 40);
    for (let i = 0; i < n; i++) parts.push(packr.pack(r() < 0.1 ? Math.floor(r() * 100) : record(r, 0, exotic)));
    out.push(Buffer.concat(parts));
  }
  return out;
}

type Outcome = { values: string[]; returned: number[]; error: string | null };

/** Decode the frames in order with `decode`; what reached the callback, returned and was thrown. */
function run(frames: Uint8Array[], partial: boolean,
    decode: (p: Uint8Array, partial: boolean, each: (v: unknown) => void) => number): Outcome {
  const out: Outcome = { values: [], returned: [], error: null };
  try {
    for (const f of frames) out.returned.push(decode(f, partial, (v) => void out.values.push(inspect(v, {
      depth: null, showHidden: false, sorted: false }))));
  } catch (e) {
    out.error = `${(e as Error).constructor.name} ${JSON.stringify(e)} ${(e as Error).message}`;
  }
  return out;
}

function both(frames: Uint8Array[], partial = false): [Outcome, Outcome] {
  const s = new RecordStream();
  const u = new Unpackr({ sequential: true });
  return [run(frames, partial, (p, pa, each) => s.decode(p, pa, each)),
    run(frames, partial, (p, pa, each) => decodeAll(u, p, pa, each))];
}

describe('the event-stream decoder decodes as msgpackr does', () => {
  it('the same values, keys in the same order, over streams of many record shapes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const frames = stream(seed, 6, false);
      const [mine, theirs] = both(frames);
      expect(theirs.error).toBeNull();
      expect(mine).toEqual(theirs);
      expect(mine.values.length).toBeGreaterThan(6);
    }
    // Record definitions (d4 72 <id>) in one stream: past 64, ids are taken again for new shapes.
    let defs = 0;
    for (const f of stream(1, 6, false)) {
      for (let i = 0; i + 1 < f.length; i++) if (f[i] === 0xd4 && f[i + 1] === 0x72) defs++;
    }
    expect(defs).toBeGreaterThan(64);
  });

  it('the same values where it hands the rest of a stream to msgpackr (maps, binary, big integers, extensions)', () => {
    for (let seed = 100; seed <= 140; seed++) {
      const [mine, theirs] = both(stream(seed, 6, true));
      expect(mine).toEqual(theirs);
    }
  });

  it('a stream cut anywhere: the same records before the cut, the same position or error', () => {
    const frames = stream(7, 3, false);
    const last = frames[2]!;
    for (let cut = 0; cut < last.length; cut += 3) {
      const cutFrames = [frames[0]!, frames[1]!, last.subarray(0, cut)];
      for (const partial of [false, true]) {
        const [mine, theirs] = both(cutFrames, partial);
        expect(mine).toEqual(theirs);
      }
    }
  });

  it('a byte changed anywhere: the same records, then the same error', () => {
    const frames = stream(11, 2, false);
    const r = rng(99);
    for (let i = 0; i < 300; i++) {
      const bad = frames.map((f) => Uint8Array.from(f));
      const f = bad[Math.floor(r() * 2)]!;
      f[Math.floor(r() * f.length)] = Math.floor(r() * 256);
      const [mine, theirs] = both(bad);
      expect(mine).toEqual(theirs);
    }
  });

  it('an exception from the callback comes out as it would from msgpackr, at its record', () => {
    const frames = stream(5, 2, false).filter((f) => f.length > 40);
    const fail = (n: number) => {
      let seen = 0;
      return (v: unknown) => {
        if (++seen === n) throw new Error(`no thanks to ${typeof v}`);
      };
    };
    const caught = (f: () => void): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected it to throw');
    };
    for (const n of [1, 2]) {
      const s = new RecordStream();
      const u = new Unpackr({ sequential: true });
      const mine = caught(() => s.decode(frames[0]!, false, fail(n)));
      const theirs = caught(() => decodeAll(u, frames[0]!, false, fail(n)));
      expect(mine).toEqual(theirs);
      expect((mine as Error).message).toMatch(/no thanks/);
    }
  });
});
