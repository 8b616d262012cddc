import { describe, expect, it } from 'vitest';
import { submit, ruleIds } from '../../../helpers.js';
import { bringUp, eventsOf, vfEngine, type LogEngine } from '../../../legacyHelpers.js';

const trust = (e: LogEngine, fn: number, trusted: boolean) => {
  submit(e, `t${fn}${trusted}`, { opcode: 'EXT_NET_ADMIN_CTRL', member: fn, class: 'ADMIN', command: 'TRUST_SET',
    trusted });
  e.settle();
};
const cvq = (e: LogEngine, fn: number, tag: string, args: Record<string,
  unknown>) => e.execute({ op: 'guest.cvq', fn, tag, ...args } as never);

describe('a VF\'s own control virtqueue and the trust command (EXTENSION, 2021 admin-cvq proposal)', () => {
  it('refuses an untrusted VF\'s control commands (VIRTIO_NET_ERR, no effect)', () => {
    const e = vfEngine();
    bringUp(e, 1);
    cvq(e, 1, 'p', { class: 'RX', command: 'PROMISC', on: true });
    expect(e.state.netCtl.acks.p).toBe(1);
    expect(e.state.fns[1]!.net.rx).toBe(0);
    expect(eventsOf(e, 'net/refused')[0]!.reason).toMatch(/not trusted/);
  });

  it('honours them once the PF trusts the VF, and refuses them again after trust is withdrawn', () => {
    const e = vfEngine();
    bringUp(e, 1);
    trust(e, 1, true);
    cvq(e, 1, 'on', { class: 'RX', command: 'PROMISC', on: true });
    expect([e.state.netCtl.acks.on, e.state.fns[1]!.net.rx]).toEqual([0, 1]);
    trust(e, 1, false);
    cvq(e, 1, 'off', { class: 'RX', command: 'PROMISC', on: false });
    expect([e.state.netCtl.acks.off, e.state.fns[1]!.net.rx]).toEqual([1, 1]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('trusts VFs from the start with netVfTrusted', () => {
    const e = vfEngine({ netVfTrusted: true });
    bringUp(e, 2);
    cvq(e, 2, 'v', { class: 'VLAN', command: 'ADD', vid: 10 });
    expect(e.state.fns[2]!.net.vlans).toEqual([10]);
  });

  it('never accepts the trust command from the VF itself', () => {
    const e = vfEngine({ netVfTrusted: true });
    bringUp(e, 1);
    cvq(e, 1, 't', { class: 'ADMIN', command: 'TRUST_SET', trusted: false });
    expect(e.state.netCtl.acks.t).toBe(1);
    expect(e.state.fns[1]!.net.trusted).toBe(true);
  });

  it.each([
    ['before DRIVER_OK', (e: LogEngine) => void e, /DRIVER_OK/],
    ['in DEVICE_NEEDS_RESET', (e: LogEngine) => (bringUp(e, 1), e.execute({ op: 'device.needsReset', fn: 1 })),
      /NEEDS_RESET/],
  ])('refuses control commands %s', (_w, prep, reason) => {
    const e = vfEngine({ netVfTrusted: true });
    prep(e);
    cvq(e, 1, 'x', { class: 'RX', command: 'ALLMULTI', on: true });
    expect(eventsOf(e, 'net/refused')[0]!.reason).toMatch(reason);
  });

  it('flags a guest asking for queue pairs outside 1..max, which the device refuses', () => {
    const e = vfEngine({ netVfTrusted: true, netMaxVqPairs: 2 });
    bringUp(e, 1);
    cvq(e, 1, 'q', { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 3 });
    expect([e.state.netCtl.acks.q, e.state.fns[1]!.net.vqPairs]).toEqual([1, 1]);
    expect(ruleIds(e)).toEqual(['guest.net.mq-pairs-in-range']);
  });

  it('has no control queue on a blk device', () => {
    const e = vfEngine({ deviceType: 'blk', netVfTrusted: true });
    bringUp(e, 1);
    cvq(e, 1, 'x', { class: 'RX', command: 'PROMISC', on: true });
    expect(eventsOf(e, 'net/refused')[0]!.reason).toMatch(/blk/);
  });

  it('reports a malformed command as bad input, naming what is missing', () => {
    const e = vfEngine();
    expect(() => cvq(e, 1, 'x', { class: 'MAC', command: 'ADDR_SET' })).toThrow(/mac is required/);
    expect(() => cvq(e, 1, 'x', { class: 'RX', command: 'NOPE', on: true })).toThrow(/unknown command "NOPE"/);
  });
});
