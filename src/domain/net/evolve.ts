/** Recipes for net events. Arrays from events are copied, never stored. */
import type { RecipeMap } from '../decider.js';
import type { TwinState } from '../state.js';
import type { NetChange, NetEvent } from './events.js';
import { VIRTIO_NET_S_ANNOUNCE } from '../spec/net.js';

function apply(d: TwinState, fn: number, c: NetChange): void {
  const n = d.fns[fn]!.net;
  switch (c.kind) {
    case 'rx':
      n.rx = c.on ? n.rx | (1 << c.flag) : n.rx & ~(1 << c.flag);
      return;
    case 'mac':
      n.mac = c.mac;
      return;
    case 'macTable':
      n.uni = [...c.uni];
      n.multi = [...c.multi];
      return;
    case 'vlanAdd': {
      // Sorted insert: the table stays ordered without a sort per event.
      let i = 0;
      while (i < n.vlans.length && n.vlans[i]! < c.vid) i++;
      if (n.vlans[i] !== c.vid) n.vlans.splice(i, 0, c.vid);
      return;
    }
    case 'vlanDel': {
      const i = n.vlans.indexOf(c.vid);
      if (i >= 0) n.vlans.splice(i, 1);
      return;
    }
    case 'announceAck':
      n.status &= ~VIRTIO_NET_S_ANNOUNCE;
      return;
    case 'vqPairs':
      n.vqPairs = c.pairs;
      return;
    case 'trust':
      n.trusted = c.trusted;
      return;
  }
}

export const netRecipes: RecipeMap<NetEvent['type']> = {
  'net/applied': (d, e) => apply(d, e.fn, e.change),
  'net/refused': () => {},
  'net/cvqSubmitted': () => {},
  'net/cvqAcked': (d, e) => {
    if (e.tag) d.netCtl.acks[e.tag] = e.ack;
  },
  'net/barrier': (d, e) => {
    d.netCtl.barriers[e.fn] = e.before;
  },
  'net/staleIgnored': (d) => {
    d.netCtl.staleIgnored += 1;
  },
};
