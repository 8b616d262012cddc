import { describe, expect, it } from 'vitest';
import { defaultConfig, initialState } from '../../../src/domain/device.js';
import { initialFn } from '../../../src/domain/state.js';

describe('power-on state', () => {
  const configs = [
    defaultConfig({ totalVFs: 6 }),
    defaultConfig({ totalVFs: 5, vfMsixVectors: 40, vfQueues: 3, vfMacs: { '2': '525400123456' },
      netVfTrusted: true }),
    defaultConfig({ totalVFs: 3, vfMsixVectors: 0 }),
    defaultConfig({ totalVFs: 0 }),
  ];

  it('has every function as initialFn builds it, keys in the same order', () => {
    // VFs at power-on are copies of one VF with their own number and MAC (src/domain/state.ts):
    // nothing else of a VF's power-on state may depend on its number.
    for (const config of configs) {
      const s = initialState(config);
      expect(s.fns.length).toBe(config.totalVFs + 1);
      s.fns.forEach((f, i) => expect(JSON.stringify(f)).toBe(JSON.stringify(initialFn(config, i))));
    }
  });

  it('shares no object between two functions (recipes change the working state in place)', () => {
    const s = initialState(configs[1]!);
    const owner = new Map<object, number>();
    const walk = (v: unknown, fn: number): void => {
      if (typeof v !== 'object' || v === null) return;
      expect(owner.get(v) ?? fn, 'an object reachable from two functions').toBe(fn);
      owner.set(v, fn);
      for (const x of Object.values(v)) walk(x, fn);
    };
    s.fns.forEach((f, i) => walk(f, i));
    expect(owner.size).toBeGreaterThan(s.fns.length * 10);
  });
});
