import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/domain/profiles.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import { VIRTIO_ADMIN_STATUS_OK as OK } from '../../../src/domain/spec/constants.js';
import { completion, engine, ruleIds, run, submit } from '../../helpers.js';

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

  it('stall-across-disable stalls only commands queued across a disable: a Self LIST_QUERY queued before an ' +
      'SR-IOV enable completes', () => {
    const e = engine({ profile: 'stall-across-disable' });
    submit(e, 'self', { opcode: 'LIST_QUERY', group: 'SELF' });
    run(e, { op: 'sriov.enable', numVFs: 2 });
    e.settle();
    expect(completion(e, 'self').status).toBe(OK);
    expect(ruleIds(e)).toEqual([]);
  });

  it('stall-across-disable stalls a command queued before a disable even when an enable follows it', () => {
    const enabled = engine({ profile: 'stall-across-disable' });
    run(enabled, { op: 'sriov.enable', numVFs: 2 });
    submit(enabled, 'w', { opcode: 'LIST_QUERY', group: 'SELF' });
    run(enabled, { op: 'sriov.disable' }, { op: 'sriov.enable', numVFs: 2 });
    enabled.settle();
    expect(enabled.state.aq.queues[0]!.pending.length).toBe(1);
    expect(ruleIds(enabled)).toContain('device.aq.all-complete-at-settle');
    // Queued while disabled, then enable, disable: the disable came after it was queued.
    const disabled = engine({ profile: 'stall-across-disable' });
    submit(disabled, 'w', { opcode: 'LIST_QUERY', group: 'SELF' });
    run(disabled, { op: 'sriov.enable', numVFs: 1 }, { op: 'sriov.disable' });
    disabled.settle();
    expect(ruleIds(disabled)).toEqual(['device.aq.all-complete-at-settle']);
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
