import { describe, expect, it } from 'vitest';
import { hashState, StateHasher } from '../../../../src/engine/hash.js';
import { Twin } from '../../../../src/twin.js';
import type { Command } from '../../../../src/domain/commands.js';
import { vfEngine } from '../../../legacyHelpers.js';

/** A legacy + mapper + net workload touching every event type of the three areas. */
function workload(run: (c: Command) => void, settle: () => void): void {
  run({ op: 'sriov.enable', numVFs: 4 });
  for (const [offset, value] of [[18, 0], [18, 1], [18, 3], [14, 0], [8, 0x1234], [18, 7]] as const) {
    run({ op: 'guest.io.write', fn: 1, offset, size: offset === 8 ? 4 : offset === 14 ? 2 : 1, value,
      tag: `b${offset}${value}` });
  }
  run({ op: 'guest.io.sweep', from: 2, to: 4, offset: 12, size: 2 });
  settle();
  run({ op: 'guest.queue.add', fn: 1, queue: 0, count: 3 });
  run({ op: 'guest.io.write', fn: 1, offset: 16, size: 2, value: 0, tag: 'kick' });
  run({ op: 'guest.io.read', fn: 1, offset: 19, size: 1, tag: 'isr' });
  run({ op: 'aq.submit', tag: 't', cmd: { opcode: 'EXT_NET_ADMIN_CTRL', member: 1, class: 'ADMIN',
    command: 'TRUST_SET', trusted: true } });
  run({ op: 'aq.submit', tag: 'mt', cmd: { opcode: 'EXT_NET_ADMIN_CTRL', member: 2, class: 'MAC', command: 'TABLE_SET',
    unicast: ['020000000009'], multicast: [] } });
  settle();
  run({ op: 'guest.cvq', fn: 1, tag: 'c', class: 'VLAN', command: 'ADD', vid: 9 });
  run({ op: 'notify.write', fn: 0, bar: 4, offset: 0x2000, value: 0 });
  run({ op: 'device.needsReset', fn: 1 });
  run({ op: 'aq.submit', tag: 'stale', cmd: { opcode: 'EXT_NET_ADMIN_CTRL', member: 2, class: 'RX', command: 'PROMISC',
    on: true } });
  run({ op: 'net.barrier', fn: 2 });
  run({ op: 'sriov.disable' });
  settle();
}

describe('legacy, mapper and net events keep the twin deterministic and hashable (README "Guarantees")', () => {
  it('incremental hashing equals a full hash after every event', () => {
    const e = vfEngine({ memberIncarnation: 'fail' }, 0);
    const h = new StateHasher();
    let checked = 0;
    e.addObserver({
      onEvent: (ev, s) => {
        h.note(ev);
        expect(h.digest(s as never)).toBe(hashState(s as never));
        checked++;
      },
    });
    workload((c) => void e.execute(c), () => void e.settle());
    expect(checked).toBeGreaterThan(100);
  });

  it('the immutable snapshot path and the working copy reach the same state', () => {
    const t = Twin.create({ device: { totalVFs: 4, memberIncarnation: 'fail' }, seed: 9 });
    workload((c) => void t.execute(c), () => void t.settle());
    expect(Object.isFrozen(t.state.mapper)).toBe(true);
    expect(hashState(t.state as never)).toBe(hashState(t.engine.state));
    expect(t.state.fns[2]!.net.uni).toEqual([]);
    expect(t.state.netCtl.staleIgnored).toBe(1);
  });

  it('the same seed gives the same events', () => {
    const runOnce = (seed: number) => {
      const t = Twin.create({ device: { totalVFs: 4 }, seed, snapshots: false });
      const types: string[] = [];
      t.streams.event$.subscribe((e) => types.push(`${e.type}:${'fn' in e ? e.fn : ''}`));
      workload((c) => void t.execute(c), () => void t.settle());
      return types.join(',');
    };
    expect(runOnce(3)).toBe(runOnce(3));
    expect(runOnce(3)).not.toBe(runOnce(4));
  });
});
