import { describe, expect, it } from 'vitest';
import { defaultConfig, initialState } from '../../../src/domain/device.js';
import { evolve } from '../../../src/domain/evolve.js';
import { copyFn, createdFn, destroyedFn, initialFn, type FnState } from '../../../src/domain/state.js';

describe('power-on state', () => {
  const configs = [
    defaultConfig({ totalVFs: 6 }),
    defaultConfig({ totalVFs: 5, vfMsixVectors: 40, vfQueues: 3, vfMacs: { '2': '525400123456' },
      netVfTrusted: true }),
    defaultConfig({ totalVFs: 3, vfMsixVectors: 0 }),
    defaultConfig({ totalVFs: 0 }),
  ];

  it('has every function as initialFn builds it, keys in the same order', () => {
    for (const config of configs) {
      const s = initialState(config);
      expect(s.fns.length).toBe(config.totalVFs + 1);
      s.fns.forEach((f, i) => expect(JSON.stringify(f)).toBe(JSON.stringify(initialFn(config, i))));
    }
  });

  it('shares no object between two functions (recipes change the working state in place)', () => {
    expectNoSharing(initialState(configs[1]!).fns);
  });

  it('VF Enable builds every VF as createdFn does, keys in the same order, each a new incarnation', () => {
    // VF Enable copies one fresh VF (src/domain/state.ts enabledVfs): nothing of a created VF but
    // its number, MAC and incarnation may depend on which VF it is.
    for (const config of configs) {
      const s = initialState(config);
      evolve(s, { type: 'sriov/enabled', numVFs: config.totalVFs, fn: -1 });
      evolve(s, { type: 'sriov/disabled', fn: -1 });
      const numVFs = Math.max(0, config.totalVFs - 1);
      evolve(s, { type: 'sriov/enabled', numVFs, fn: -1 });
      s.fns.forEach((f, i) => {
        const want = i === 0 ? initialFn(config, 0) : i <= numVFs ? createdFn(config, i, 2) : destroyedFn(config, i, 1);
        expect(JSON.stringify(f)).toBe(JSON.stringify(want));
      });
    }
  });

  it('VF Enable shares no object between two functions', () => {
    const s = initialState(configs[1]!);
    evolve(s, { type: 'sriov/enabled', numVFs: configs[1]!.totalVFs, fn: -1 });
    expectNoSharing(s.fns);
  });

  it('copyFn copies every part of a function, keys in order, sharing nothing', () => {
    const f = createdFn(configs[1]!, 2, 3);
    Object.assign(f.msix, { addrLo: [1, 2], addrHi: [3, 4], data: [5, 6], pba: [7], isr: 1, enabled: true });
    Object.assign(f.host, { alloc: [1], req: [2], resize: { vector: 1, size: 2, tag: 't' }, stopped: 'x', pasid: [3],
      imsPasid: [4] });
    Object.assign(f.net, { uni: ['525400000001'], multi: ['010000000001'], vlans: [7], rx: 3 });
    f.legacy.queues[0]!.avail = 5;
    f.mapper.notifyBar = 2;
    f.driver = 'vfio-pci';
    const c = copyFn(f);
    expect(JSON.stringify(c)).toBe(JSON.stringify(f));
    expectNoSharing([f, c]);
  });
});

/** No object is reachable from two of the functions (recipes change the working state in place). */
function expectNoSharing(fns: readonly FnState[]): void {
  const owner = new Map<object, number>();
  const walk = (v: unknown, fn: number): void => {
    if (typeof v !== 'object' || v === null) return;
    expect(owner.get(v) ?? fn, 'an object reachable from two functions').toBe(fn);
    owner.set(v, fn);
    for (const x of Object.values(v)) walk(x, fn);
  };
  fns.forEach((f, i) => walk(f, i));
  expect(owner.size).toBeGreaterThan(fns.length * 10);
}
