import { describe, expect, it } from 'vitest';
import { completion, ruleIds, submit } from '../../../helpers.js';
import { bringUp, eventsOf, legacyRead, vfEngine, type LogEngine } from '../../../legacyHelpers.js';
import { toHex } from '../../../../src/util/hex.js';
import { encodeAdminCmd } from '../../../../src/wire/adminCmd.js';
import type { TypedAdminCmd } from '../../../../src/domain/commands.js';

const OK = 0;
const EINVAL = 22;
const NET_OK = '00';
const NET_ERR = '01';
const ack = (e: LogEngine, tag: string) => completion(e, tag).result.slice(0, 2);

function net(e: LogEngine, tag: string, member: number, args: Omit<TypedAdminCmd, 'opcode' | 'member'>): void {
  submit(e, tag, { opcode: 'EXT_NET_ADMIN_CTRL', member, ...args });
  e.settle();
}

describe('EXT_NET_ADMIN_CTRL: virtio-net control of a VF through the PF (EXTENSION, 2021 admin-cvq proposal)', () => {
  it('encodes virtual_device_id, class, command and data after the admin header', () => {
    const e = vfEngine();
    net(e, 'm', 2, { class: 'MAC', command: 'ADDR_SET', mac: '02:aa:bb:cc:dd:ee' });
    const data = Uint8Array.of(2, 0, 0, 0, 1, 1, 0, 0, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee);
    expect(eventsOf(e, 'aq/submitted')[0]!.req).toBe(
      toHex(encodeAdminCmd({ opcode: 0x100, groupType: 1, member: 2 }, data)));
    expect([completion(e, 'm').status, ack(e, 'm'), completion(e, 'm').usedLen]).toEqual([OK, NET_OK, 16]);
  });

  it('sets a VF\'s MAC, which its legacy device config then reads, with a config interrupt to a running driver', () => {
    const e = vfEngine();
    bringUp(e, 1);
    net(e, 'm', 1, { class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    expect(e.state.fns[1]!.net.mac).toBe('02aabbccddee');
    expect(legacyRead(e, 1, 0, 6, 'device').result).toBe('02aabbccddee');
    expect(e.state.fns[1]!.msix.isr & 2).toBe(2);
    expect(e.state.fns[2]!.net.mac).not.toBe('02aabbccddee');
    expect(ruleIds(e)).toEqual([]);
  });

  it('addresses the PF itself with virtual device id 0 (Self group, member 0)', () => {
    const e = vfEngine();
    submit(e, 'use', { opcode: 'LIST_USE', group: 'SELF', opcodes: [0, 1, 'EXT_NET_ADMIN_CTRL'] });
    e.settle();
    net(e, 'pf', 0, { class: 'RX', command: 'PROMISC', on: true });
    expect(eventsOf(e, 'aq/submitted').find((s) => s.tag === 'pf')!.groupType).toBe(0);
    expect(ack(e, 'pf')).toBe(NET_OK);
    expect(e.state.fns[0]!.net.rx).toBe(1);
    expect(ruleIds(e)).toEqual([]);
  });

  it('fails EINVAL / INVALID_FIELD when virtual_device_id disagrees with the addressed member', () => {
    const e = vfEngine();
    const raw = encodeAdminCmd({ opcode: 0x100, groupType: 1, member: 1 }, Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0, 1));
    e.execute({ op: 'aq.submit', tag: 'x', raw: toHex(raw), resultBytes: 8 });
    e.settle();
    expect([completion(e, 'x').status, completion(e, 'x').qualifier]).toEqual([EINVAL, 3]);
    expect(e.state.fns[1]!.net.rx).toBe(0);
  });

  it('applies RX modes, MAC tables, VLANs and announce acks as the control classes define', () => {
    const e = vfEngine();
    e.state.fns[1]!.net.status |= 2;
    net(e, 'a', 1, { class: 'RX', command: 'ALLMULTI', on: true });
    net(e, 'b', 1, { class: 'RX', command: 'NOBCAST', on: true });
    net(e, 'c', 1, { class: 'RX', command: 'ALLMULTI', on: false });
    net(e, 't', 1, { class: 'MAC', command: 'TABLE_SET', unicast: ['020000000001'],
      multicast: ['01005e000001', '333300000001'] });
    net(e, 'v1', 1, { class: 'VLAN', command: 'ADD', vid: 300 });
    net(e, 'v2', 1, { class: 'VLAN', command: 'ADD', vid: 7 });
    net(e, 'v3', 1, { class: 'VLAN', command: 'DEL', vid: 300 });
    net(e, 'an', 1, { class: 'ANNOUNCE', command: 'ACK' });
    const n = e.state.fns[1]!.net;
    expect(n.rx).toBe(1 << 5);
    expect([n.uni, n.multi]).toEqual([['020000000001'], ['01005e000001', '333300000001']]);
    expect(n.vlans).toEqual([7]);
    expect(n.status & 2).toBe(0);
    expect(ruleIds(e)).toEqual([]);
  });

  it.each([
    ['a VLAN id of 4096', { class: 'VLAN', command: 'ADD', vid: 4096 }],
    ['an RX value other than 0/1', { class: 'RX', command: 'PROMISC', payload: '02' }],
    ['a truncated MAC table', { class: 'MAC', command: 'TABLE_SET', payload: '02000000aabb' }],
    ['an unknown class', { class: 42, command: 0 }],
    ['RSS configuration (not offered)', { class: 'MQ', command: 'RSS_CONFIG', payload: '' }],
  ])('acks %s with VIRTIO_NET_ERR and changes nothing', (_what, args) => {
    const e = vfEngine();
    const before = structuredClone(e.state.fns[1]!.net);
    net(e, 'x', 1, args);
    expect([completion(e, 'x').status, ack(e, 'x')]).toEqual([OK, NET_ERR]);
    expect(e.state.fns[1]!.net).toEqual(before);
  });

  it('sets queue pairs within 1..max_virtqueue_pairs and refuses 0 or more, flagging the driver', () => {
    const e = vfEngine({ netMaxVqPairs: 4 });
    net(e, 'ok', 1, { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 4 });
    expect(e.state.fns[1]!.net.vqPairs).toBe(4);
    expect(ruleIds(e)).toEqual([]);
    net(e, 'big', 1, { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 5 });
    net(e, 'zero', 1, { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 0 });
    expect([ack(e, 'big'), ack(e, 'zero')]).toEqual([NET_ERR, NET_ERR]);
    expect(e.state.fns[1]!.net.vqPairs).toBe(4);
    expect(ruleIds(e)).toEqual(['driver.net.mq-pairs-in-range']);
  });

  it('answers a VF in DEVICE_NEEDS_RESET with VIRTIO_NET_ERR and no effect (seed: treated as about to be destroyed)',
      () => {
    const e = vfEngine();
    e.execute({ op: 'device.needsReset', fn: 1 });
    net(e, 'm', 1, { class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    expect([completion(e, 'm').status, ack(e, 'm')]).toEqual([OK, NET_ERR]);
    expect(eventsOf(e, 'net/refused')[0]!.reason).toMatch(/NEEDS_RESET/);
    expect(e.state.fns[1]!.net.mac).not.toBe('02aabbccddee');
  });

  it('applies the command anyway with netNeedsReset "apply"', () => {
    const e = vfEngine({ netNeedsReset: 'apply' });
    e.execute({ op: 'device.needsReset', fn: 1 });
    net(e, 'm', 1, { class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    expect(e.state.fns[1]!.net.mac).toBe('02aabbccddee');
  });

  it('is not offered by a blk device', () => {
    const e = vfEngine({ deviceType: 'blk' });
    net(e, 'm', 1, { class: 'RX', command: 'PROMISC', on: true });
    expect(completion(e, 'm').qualifier).toBe(2);
  });

  it('clears RX mode, tables and queue pairs on a VF reset, keeping the MAC and trust', () => {
    const e = vfEngine();
    net(e, 'm', 1, { class: 'MAC', command: 'ADDR_SET', mac: '02aabbccddee' });
    net(e, 't', 1, { class: 'ADMIN', command: 'TRUST_SET', trusted: true });
    net(e, 'p', 1, { class: 'RX', command: 'PROMISC', on: true });
    net(e, 'v', 1, { class: 'VLAN', command: 'ADD', vid: 5 });
    net(e, 'q', 1, { class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 2 });
    bringUp(e, 1);
    expect(e.state.fns[1]!.net).toMatchObject({ mac: '02aabbccddee', trusted: true, rx: 0, vlans: [], vqPairs: 1 });
  });
});
