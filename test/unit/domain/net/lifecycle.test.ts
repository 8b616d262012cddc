import { describe, expect, it } from 'vitest';
import { completion, ruleIds, submit } from '../../../helpers.js';
import { eventsOf, vfEngine, type LogEngine } from '../../../legacyHelpers.js';
import { defaultMac } from '../../../../src/domain/net/types.js';

const Q_INVALID_GROUP = 4;
const Q_INVALID_MEMBER = 5;
const setMac = (e: LogEngine, tag: string, member: number, mac = '02aabbccddee') =>
  submit(e, tag, { opcode: 'EXT_NET_ADMIN_CTRL', member, class: 'MAC', command: 'ADDR_SET', mac });

describe('net commands and the VF lifecycle (seed: "the effect of the command ties to the lifecycle of the device")',
    () => {
  it('fails a MAC set whose VF is destroyed before the device processes it (SR-IOV disable: INVALID_GROUP)', () => {
    const e = vfEngine({ memberIncarnation: 'fail' });
    setMac(e, 'm', 2);
    e.execute({ op: 'sriov.disable' });
    e.settle();
    expect(completion(e, 'm').qualifier).toBe(Q_INVALID_GROUP);
    expect(eventsOf(e, 'net/applied')).toHaveLength(0);
  });

  it('fails a MAC set whose VF is destroyed while the device is processing it', () => {
    const e = vfEngine({ memberIncarnation: 'fail' });
    setMac(e, 'm', 2);
    e.step((it) => it.kind === 'aq.start');
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    expect(completion(e, 'm').qualifier).toBe(Q_INVALID_MEMBER);
    expect(e.state.fns[2]!.net.mac).toBe(defaultMac(2));
  });

  it('never lets a command sent before disable + re-enable take effect on the new VF (memberIncarnation "fail")',
      () => {
    const e = vfEngine({ memberIncarnation: 'fail' });
    setMac(e, 'm', 2);
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    expect(completion(e, 'm').qualifier).toBe(Q_INVALID_MEMBER);
    expect(e.state.fns[2]!.net.mac).toBe(defaultMac(2));
    expect(ruleIds(e)).toEqual(['driver.aq.member-stable-while-outstanding', 'driver.net.barrier-before-vf-change']);
  });

  it('lands the stale command on the new VF under memberIncarnation "apply" (the spec as written), blaming the driver',
      () => {
    const e = vfEngine({ memberIncarnation: 'apply' });
    setMac(e, 'm', 2);
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    expect(e.state.fns[2]!.net.mac).toBe('02aabbccddee');
    expect(ruleIds(e)).toContain('driver.aq.member-stable-while-outstanding');
    expect(ruleIds(e)).not.toContain('device.net.incarnation-bound');
  });

  it('lets the PF driver use a barrier instead of waiting: stale failures after it are ignored', () => {
    const e = vfEngine({ memberIncarnation: 'fail' });
    setMac(e, 'old', 2);
    e.execute({ op: 'net.barrier', fn: 2 });
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    setMac(e, 'new', 2, '02ffffffff02');
    e.settle();
    expect(completion(e, 'old').qualifier).toBe(Q_INVALID_MEMBER);
    expect(completion(e, 'new').status).toBe(0);
    expect(e.state.fns[2]!.net.mac).toBe('02ffffffff02');
    expect(e.state.netCtl.staleIgnored).toBe(1);
    expect(eventsOf(e, 'net/staleIgnored').map((s) => s.tag)).toEqual(['old']);
    expect(ruleIds(e)).not.toContain('driver.net.barrier-before-vf-change');
  });

  it('does not count a post-barrier failure as ignorable', () => {
    const e = vfEngine({ memberIncarnation: 'fail' });
    e.execute({ op: 'net.barrier', fn: 2 });
    submit(e, 'bad', { opcode: 'EXT_NET_ADMIN_CTRL', member: 2, class: 'VLAN', command: 'ADD', vid: 5000 });
    e.settle();
    expect(e.state.netCtl.staleIgnored).toBe(0);
  });

  it('flags a disable with net commands outstanding and no barrier behind them', () => {
    const e = vfEngine();
    e.execute({ op: 'net.barrier', fn: 2 });
    setMac(e, 'late', 2);
    e.execute({ op: 'sriov.disable' });
    e.settle();
    expect(ruleIds(e)).toContain('driver.net.barrier-before-vf-change');
  });
});
