import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/domain/profiles.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import { engine, ruleIds, run, submit } from '../../helpers.js';

describe('profiles (README "Concepts")', () => {
  it('name only rules that exist', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    for (const p of PROFILES) for (const r of p.caughtBy) expect(ids, `${p.name} -> ${r}`).toContain(r);
  });

  it('aq-reorder is caught by device.aq.fifo-per-queue for some interleaving', () => {
    const caught = [1, 2, 3, 4, 5, 6, 7, 8].some((seed) => {
      const e = engine({ profile: 'aq-reorder' }, seed);
      for (const t of ['a', 'b', 'c']) submit(e, t, { opcode: 'LIST_QUERY' });
      e.settle();
      return ruleIds(e).includes('device.aq.fifo-per-queue');
    });
    expect(caught).toBe(true);
  });

  it('the spec device never trips the FIFO rule on the same workload', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const e = engine({}, seed);
      for (const t of ['a', 'b', 'c']) submit(e, t, { opcode: 'LIST_QUERY' });
      e.settle();
      expect(ruleIds(e)).toEqual([]);
    }
  });

  it('stall-across-disable leaves a command hanging, caught at settle by device.aq.all-complete-at-settle', () => {
    const e = engine({ profile: 'stall-across-disable' });
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'w', { opcode: 'LIST_QUERY' });
    run(e, { op: 'sriov.disable' });
    e.settle();
    expect(ruleIds(e)).toEqual(['device.aq.all-complete-at-settle']);
  });

  it('member-before-opcode is caught by device.aq.validation-order', () => {
    const e = engine({ profile: 'member-before-opcode' });
    run(e, { op: 'sriov.enable', numVFs: 1 });
    submit(e, 'x', { opcode: 0x7ff0, member: 5 });
    e.settle();
    expect(ruleIds(e)).toContain('device.aq.validation-order');
  });

  it('error-side-effects is caught by device.aq.error-no-side-effects', () => {
    const e = engine({ profile: 'error-side-effects' });
    submit(e, 'u', { opcode: 'LIST_USE', opcodes: [0, 1, 0x40] });
    e.settle();
    expect(ruleIds(e)).toEqual(['device.aq.error-no-side-effects']);
    expect(e.state.aq.inUse[1]).toEqual([0, 1, 0x40]);
  });
});
