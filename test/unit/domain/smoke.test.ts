import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { defaultConfig } from '../../../src/domain/config.js';

describe('engine smoke', () => {
  it('runs a legacy-less LIST_QUERY and reaps it', () => {
    const e = new Engine({ config: defaultConfig(), seed: 1 });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.execute({ op: 'aq.submit', tag: 'q1', cmd: { opcode: 'LIST_QUERY' } });
    const n = e.settle();
    expect(n).toBe(3);
    expect(e.violations).toEqual([]);
  });
});

import { Twin } from '../../../src/twin.js';
import { hashState } from '../../../src/engine/hash.js';


describe('twin snapshots', () => {
  it('immutable snapshot path and working-copy path reach the same state', () => {
    const t = Twin.create({ device: { totalVFs: 4 }, seed: 3 });
    t.execute({ op: 'sriov.enable', numVFs: 4 });
    t.execute({ op: 'aq.submit', tag: 'u', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
    t.settle();
    expect(Object.isFrozen(t.state)).toBe(true);
    expect(t.state.aq.inUse[1]).toEqual([0, 1]);
    expect(hashState(t.state as never)).toBe(hashState(t.engine.state));
  });
});
