import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashMask, hashState, hashValue, StateHasher } from '../../../src/engine/hash.js';
import { engine, submit } from '../../helpers.js';
import { commandsByCid } from '../../../src/domain/adminq/inflight.js';
import type { TwinState } from '../../../src/domain/state.js';

describe('state hash (README "Guarantees")', () => {
  it('does not depend on key insertion order', () => {
    expect(hashValue({ a: 1, b: [2, 'x'] })).toBe(hashValue({ b: [2, 'x'], a: 1 }));
  });

  it('distinguishes values that differ anywhere', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(hashValue(a)).not.toBe(hashValue(b));
      }),
      { numRuns: 300 },
    );
  });

  it('incremental hashing (dirty functions only) equals a full hash after every event of a run', () => {
    const e = engine({ totalVFs: 16 }, 5);
    const h = new StateHasher();
    e.addObserver({
      onEvent: (ev, s) => {
        h.note(ev);
        expect(h.digest(s as never)).toBe(hashState(s as never));
      },
    });
    e.execute({ op: 'sriov.enable', numVFs: 8 });
    for (let i = 0; i < 6; i++) submit(e, `t${i}`, { opcode: 'LIST_QUERY' });
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'pf.reset' });
    e.settle();
    expect(e.log.length).toBeGreaterThan(10);
  });

  it('hashes the in-flight command list as the map from cid it stands for (format 1 states hash the same)', () => {
    const e = engine({ totalVFs: 4 }, 2);
    for (let i = 0; i < 5; i++) submit(e, `t${i}`, { opcode: 'LIST_QUERY' });
    e.step();
    const list = e.state.aq.commands;
    expect(list.map((c) => c.cid)).toEqual([0, 1, 2, 3, 4]);
    const asMap = { ...e.state, aq: { ...e.state.aq, commands: commandsByCid(list) } } as unknown as TwinState;
    expect(hashState(asMap)).toBe(hashState(e.state));
    const fewer = { ...e.state, aq: { ...e.state.aq, commands: list.slice(1) } };
    expect(hashState(fewer)).not.toBe(hashState(e.state));
  });

  it('keeps keyed slices key by key: a named key is rehashed; keys outside SLICE_KEYS, non-objects still count', () => {
    const e = engine({ totalVFs: 4 }, 3);
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    const s = structuredClone(e.state) as TwinState;
    const h = new StateHasher();
    expect(h.digest(s)).toBe(hashState(s));
    const step = (fn: number, type: string, change: () => void) => {
      change();
      h.noteFn(fn, hashMask(type));
      expect(h.digest(s), type).toBe(hashState(s));
    };
    step(1, 'msix/pended', () => void (s.fns[1]!.msix.pba[0] = 5));
    // A key the table does not know of: hashed with the whole slice, kept when a listed key changes.
    step(2, 'provision/set', () => void ((s.fns[2]!.msix as unknown as Record<string, unknown>).extra = 7));
    step(2, 'isr/set', () => void (s.fns[2]!.msix.isr = 3));
    step(2, 'legacy/queueProcessed', () => void (s.fns[2]!.legacy.queues[0]!.used = 9));
    // A slice that is not an object falls back to hashing it whole.
    step(3, 'legacy/reset', () => void ((s.fns[3] as unknown as Record<string, unknown>).legacy = null));
    step(3, 'legacy/statusWritten', () => void 0);
    expect(hashState(s)).not.toBe(hashState(e.state));
  });

  it('hashes a keyed slice the same whatever order its keys were written in', () => {
    // The hasher expects a keyed slice's keys in the table's order and looks up any other.
    const e = engine({ totalVFs: 4 }, 3);
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    const s = structuredClone(e.state) as TwinState;
    const reversed = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    s.fns[1]!.msix = reversed(s.fns[1]!.msix);
    s.fns[2]!.legacy = reversed(s.fns[2]!.legacy);
    (s.fns[3]!.msix as unknown as Record<string, unknown>).extra = 1;
    s.fns[3]!.msix = reversed(s.fns[3]!.msix);
    const h = new StateHasher();
    expect(h.digest(s)).toBe(hashState(s));
    s.fns[1]!.msix.pba[0] = 1;
    h.noteFn(1, hashMask('msix/pended'));
    s.fns[2]!.legacy.status = 3;
    h.noteFn(2, hashMask('legacy/statusWritten'));
    expect(h.digest(s)).toBe(hashState(s));
  });

  it('keeps its running sums exact over many digests, whether few or many functions changed', () => {
    // The hasher updates each function's (and each keyed slice's) sum by the changed terms only,
    // and walks a digest's functions either all in order or as a sorted list of the touched ones:
    // hundreds of digests of random changes must still equal the full hash every time.
    const e = engine({ totalVFs: 32 }, 4);
    e.execute({ op: 'sriov.enable', numVFs: 32 });
    const s = structuredClone(e.state) as TwinState;
    const h = new StateHasher();
    expect(h.digest(s)).toBe(hashState(s));
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 8) % n;
    const changes: [string, (fn: number, x: number) => void][] = [
      ['msix/pended', (fn, x) => void (s.fns[fn]!.msix.pba[0] = x)],
      ['msix/masked', (fn, x) => void (s.fns[fn]!.msix.mask[0] = x >>> 0)],
      ['msix/programmed', (fn, x) => void s.fns[fn]!.msix.addrLo.push(x)],
      ['isr/set', (fn, x) => void (s.fns[fn]!.msix.isr = x & 3)],
      ['legacy/buffersAdded', (fn, x) => void (s.fns[fn]!.legacy.queues[0]!.avail = x)],
      ['legacy/statusWritten', (fn, x) => void (s.fns[fn]!.legacy.status = x & 0xff)],
      ['net/applied', (fn, x) => void (s.fns[fn]!.net.rx = x & 63)],
      ['vf/bound', (fn, x) => void (s.fns[fn]!.driver = `d${x & 7}`)],
    ];
    for (let round = 0; round < 300; round++) {
      // Alternate digests after one change and after changes to most functions.
      const touches = round % 3 === 0 ? 40 : 1 + rnd(3);
      for (let k = 0; k < touches; k++) {
        const fn = 1 + rnd(32);
        const [type, change] = changes[rnd(changes.length)]!;
        change(fn, rnd(1 << 30) * 4 + 3);
        h.noteFn(fn, hashMask(type));
      }
      expect(h.digest(s), `round ${round}`).toBe(hashState(s));
    }
  });
});
