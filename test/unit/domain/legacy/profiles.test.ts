import { describe, expect, it } from 'vitest';
import { profileByName } from '../../../../src/domain/profiles.js';
import { completion, ruleIds, submit } from '../../../helpers.js';
import { bringUp, guestIo, legacyRead, legacyWrite, vfEngine } from '../../../legacyHelpers.js';

/** The workload each profile deviates on; run under `spec` it must stay clean. */
const workloads: Record<string, (profile: string) => string[]> = {
  'isr-survives-read': (profile) => {
    const e = vfEngine({ profile });
    e.state.fns[1]!.msix.isr = 1;
    legacyRead(e, 1, 19, 1);
    return ruleIds(e);
  },
  // Both field-matching modes: device config takes any width, so the misplaced vector read returns MAC bytes.
  'legacy-msix-offset-ignored': (profile) =>
    [...new Set((['exact', 'within'] as const).flatMap((legacyFieldMatch) => {
      const e = vfEngine({ profile, legacyFieldMatch });
      e.execute({ op: 'msix.enable', fn: 1 });
      guestIo(e, { fn: 1, offset: 20, size: 2, value: 1, tag: 'cv' }, { fn: 1, offset: 20, size: 2, tag: 'rb' },
        { fn: 1, offset: 24, size: 1, tag: 'm' });
      return ruleIds(e);
    }))].sort(),
  'net-stale-apply': (profile) => {
    const e = vfEngine({ profile, memberIncarnation: 'fail' });
    submit(e, 'm', { opcode: 'EXT_NET_ADMIN_CTRL', member: 2, class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    e.execute({ op: 'net.barrier', fn: 2 });
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    return ruleIds(e).filter((r) => !r.startsWith('driver.'));
  },
  'net-trust-ignored': (profile) => {
    const e = vfEngine({ profile });
    bringUp(e, 1);
    e.execute({ op: 'guest.cvq', fn: 1, tag: 'p', class: 'RX', command: 'PROMISC', on: true });
    return ruleIds(e);
  },
  'notify-off-by-one': (profile) => {
    const e = vfEngine({ profile });
    bringUp(e, 2);
    bringUp(e, 3);
    e.execute({ op: 'guest.queue.add', fn: 2, queue: 0, count: 1 });
    e.execute({ op: 'notify.write', fn: 0, bar: 4, offset: 0x2000 + 4, value: 0 });
    e.settle();
    return ruleIds(e);
  },
};

describe('legacy and net profiles are caught by the rules they name (README "Concepts")', () => {
  for (const [name, work] of Object.entries(workloads)) {
    it(`${name}: caught by its caughtBy rules; the spec device is clean on the same workload`, () => {
      const p = profileByName(name)!;
      expect(p).toBeDefined();
      const caught = work(name);
      for (const r of p.caughtBy) expect(caught, `${name} -> ${r}`).toContain(r);
      expect(work('spec')).toEqual([]);
    });
  }

  it('isr-survives-read leaves the ISR set after a read', () => {
    const e = vfEngine({ profile: 'isr-survives-read' });
    e.state.fns[1]!.msix.isr = 1;
    expect(legacyRead(e, 1, 19, 1).result).toBe('01');
    expect(e.state.fns[1]!.msix.isr).toBe(1);
  });

  it('legacy-msix-offset-ignored never maps the config vector a guest writes at 20', () => {
    const e = vfEngine({ profile: 'legacy-msix-offset-ignored' });
    e.execute({ op: 'msix.enable', fn: 1 });
    legacyWrite(e, 1, 20, '0100');
    expect(e.state.fns[1]!.msix.configVector).toBe(0xffff);
  });

  it('net-stale-apply lands a pre-disable MAC on the re-created VF and acks it OK', () => {
    const e = vfEngine({ profile: 'net-stale-apply', memberIncarnation: 'fail' });
    submit(e, 'm', { opcode: 'EXT_NET_ADMIN_CTRL', member: 2, class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    expect(completion(e, 'm').status).toBe(0);
    expect(e.state.fns[2]!.net.mac).toBe('02aabbccddee');
  });
});
