import { describe, expect, it } from 'vitest';
import { bootState } from '../../../src/domain/boot.js';
import { defaultConfig, resolveConfig } from '../../../src/domain/device.js';
import { hashState } from '../../../src/engine/hash.js';
import { Engine } from '../../../src/engine/engine.js';
import { ConfigError } from '../../../src/errors.js';

describe('device.numVFs: VFs enabled at the start', () => {
  it('starts in exactly the state an sriov.enable of the same count reaches', () => {
    const booted = bootState(defaultConfig({ totalVFs: 8, numVFs: 3 }));
    const e = new Engine({ config: defaultConfig({ totalVFs: 8, numVFs: 0 }), seed: 1 });
    e.execute({ op: 'sriov.enable', numVFs: 3 });
    expect(booted.sriov.numVFs).toBe(3);
    expect(booted.fns[3]!.life).toEqual({ alive: true, incarnation: 1 });
    expect(hashState(booted)).toBe(hashState(e.state));
  });

  it('refuses more VFs than TotalVFs as an impossible config, naming the field', () => {
    expect(() => resolveConfig({ totalVFs: 4, numVFs: 5 })).toThrow(ConfigError);
    expect(() => resolveConfig({ totalVFs: 4, numVFs: 5 })).toThrow(/device\.numVFs: at most totalVFs \(4\)/);
  });

  it('refuses VFs at start when the PF driver has not probed', () => {
    expect(() => resolveConfig({ numVFs: 1, pfInitialized: false })).toThrow(
      /device\.numVFs: must be 0 when pfInitialized is false/);
  });
});
