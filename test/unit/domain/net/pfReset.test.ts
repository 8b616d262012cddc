import { describe, expect, it } from 'vitest';
import { engine } from '../../../helpers.js';
import { defaultMac } from '../../../../src/domain/net/types.js';

describe('PF reset and the PF\'s own virtio-net control state', () => {
  it('a PF reset clears what its control queue set: RX mode, MAC and VLAN tables, queue pairs back to 1 ("Reset ' +
      'leaves an empty MAC table and receiveq1 as the only receive queue")', () => {
    const e = engine();
    e.execute({ op: 'guest.cvq', fn: 0, tag: 'p', class: 'RX', command: 'PROMISC', on: true });
    e.execute({ op: 'guest.cvq', fn: 0, tag: 't', class: 'MAC', command: 'TABLE_SET', unicast: ['020000000001'],
      multicast: [] });
    e.execute({ op: 'guest.cvq', fn: 0, tag: 'v', class: 'VLAN', command: 'ADD', vid: 7 });
    e.execute({ op: 'guest.cvq', fn: 0, tag: 'q', class: 'MQ', command: 'VQ_PAIRS_SET', pairs: 2 });
    const before = e.state.fns[0]!.net;
    expect([before.rx, before.uni.length, before.vlans, before.vqPairs]).toEqual([1, 1, [7], 2]);
    e.execute({ op: 'pf.reset' });
    const n = e.state.fns[0]!.net;
    expect([n.rx, n.uni, n.multi, n.vlans, n.vqPairs]).toEqual([0, [], [], [], 1]);
    // Device config and management state survive the reset.
    expect([n.mac, n.trusted]).toEqual([defaultMac(0), true]);
  });
});
