import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../../src/domain/events.js';
import { completion, engine, ruleIds, run, submit } from '../../../helpers.js';

describe('admin queue lifecycle (virtio 1.4 §2.13 Administration Virtqueues; ' +
    'docs/linux-qemu-vfio.md#submitting-and-completing-admin-commands)', () => {
  it('completes commands on one queue in submission order (FIFO per queue)', () => {
    const e = engine({}, 42);
    for (const t of ['a', 'b', 'c', 'd']) submit(e, t, { opcode: 'LIST_QUERY' });
    e.settle();
    const order = e.log.filter((x) => x.type === 'aq/completed').map((x) => (x as EventOf<'aq/completed'>).cid);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('may complete commands on different queues in either order (no order across queues)', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const e = engine({ adminQueues: 2 }, seed);
      submit(e, 'w1', { opcode: 'LIST_QUERY' }, { queue: 0 });
      submit(e, 'w2', { opcode: 'LIST_QUERY' }, { queue: 1 });
      e.settle();
      orders.add(e.log.filter((x) => x.type === 'aq/completed').map((x) => (x as EventOf<'aq/completed'>).cid).join(
        ','));
    }
    expect([...orders].sort()).toEqual(['0,1', '1,0']);
  });

  it('honours a pin across queues: w2 completes before w1', () => {
    const e = engine({ adminQueues: 2 }, 3);
    submit(e, 'w1', { opcode: 'LIST_QUERY' }, { queue: 0 });
    submit(e, 'w2', { opcode: 'LIST_QUERY' }, { queue: 1 });
    e.scheduler.pin(['w2', 'w1']);
    e.settle();
    expect(completion(e, 'w2').seq).toBeLessThan(completion(e, 'w1').seq);
  });

  it('reports a pin it cannot honour within one FIFO queue instead of running work out of order', () => {
    const e = engine({}, 3);
    submit(e, 'w1', { opcode: 'LIST_QUERY' });
    submit(e, 'w2', { opcode: 'LIST_QUERY' });
    e.scheduler.pin(['w2', 'w1']);
    expect(e.step()).toBeNull();
    expect(e.scheduler.blockedByPin).toEqual({ tag: 'w1', waitingFor: 'w2' });
  });

  it('rejects a submit with ENOSPC when every descriptor of the queue is in use', () => {
    const e = engine({ aqDepth: 2 });
    for (const t of ['a', 'b', 'c']) submit(e, t, { opcode: 'LIST_QUERY' });
    const rejected = e.log.filter((x) => x.type === 'aq/rejected') as EventOf<'aq/rejected'>[];
    expect(rejected.map((r) => [r.tag, r.errno])).toEqual([['c', 'ENOSPC']]);
  });

  it('rejects a submit with EIO when the PF is not at DRIVER_OK', () => {
    const e = engine({ pfInitialized: false });
    submit(e, 'a', { opcode: 'LIST_QUERY' });
    expect((e.log[0] as EventOf<'aq/rejected'>).errno).toBe('EIO');
  });

  it('rejects a submit with EIO when DRIVER_OK was written without negotiating VIRTIO_F_ADMIN_VQ (41): there is no ' +
      'admin queue', () => {
    const e = engine({ pfInitialized: false });
    run(e, { op: 'pf.status', value: 1 }, { op: 'pf.status', value: 3 }, { op: 'pf.status', value: 11 },
      { op: 'pf.status', value: 15 });
    expect(e.state.pf.features).toEqual([]);
    submit(e, 'a', { opcode: 'LIST_QUERY' });
    const r = e.log.find((x) => x.type === 'aq/rejected') as EventOf<'aq/rejected'> | undefined;
    expect(r?.errno).toBe('EIO');
    expect(e.log.some((x) => x.type === 'aq/submitted')).toBe(false);
    run(e, { op: 'pf.init' });
    submit(e, 'b', { opcode: 'LIST_QUERY' });
    e.settle();
    expect(completion(e, 'b').status).toBe(0);
  });

  it('PF reset aborts every unreaped command, even one the device completed (Linux -EIO)', () => {
    const e = engine();
    submit(e, 'done', { opcode: 'LIST_QUERY' });
    e.step();
    e.step(); // started, completed: on the used ring, not reaped
    submit(e, 'queued', { opcode: 'LIST_QUERY' });
    run(e, { op: 'pf.reset' });
    const aborted = e.log.filter((x) => x.type === 'aq/aborted') as EventOf<'aq/aborted'>[];
    expect(aborted.map((a) => [a.cid, a.phase])).toEqual([[1, 'submitted'], [0, 'completed']]);
    expect(completion(e, 'done').status).toBe(0);
    expect(e.ready()).toEqual([]);
    e.settle();
    expect(ruleIds(e)).toEqual([]);
  });
});

describe('SR-IOV group lifecycle (Device groups; PCI SR-IOV as Linux drives it)', () => {
  it('gives every re-created VF a new incarnation', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 }, { op: 'sriov.disable' }, { op: 'sriov.enable', numVFs: 3 });
    expect(e.state.fns.slice(1, 4).map((f) => f.life)).toEqual([
      { alive: true, incarnation: 2 },
      { alive: true, incarnation: 2 },
      { alive: true, incarnation: 1 },
    ]);
  });

  it('refuses more VFs than TotalVFs (ERANGE) and a new count without going through 0 (EBUSY)', () => {
    const e = engine({ totalVFs: 4 });
    run(e, { op: 'sriov.enable', numVFs: 5 }, { op: 'sriov.enable', numVFs: 2 }, { op: 'sriov.enable', numVFs: 3 });
    const refused = e.log.filter((x) => x.type === 'sriov/refused') as EventOf<'sriov/refused'>[];
    expect(refused.map((r) => r.errno)).toEqual(['ERANGE', 'EBUSY']);
    expect(e.state.sriov.numVFs).toBe(2);
  });

  it('refuses SR-IOV enable before the PF driver reaches DRIVER_OK (virtio_pci_sriov_configure)', () => {
    const e = engine({ pfInitialized: false });
    run(e, { op: 'sriov.enable', numVFs: 1 });
    expect((e.log[0] as EventOf<'sriov/refused'>).errno).toBe('EBUSY');
    run(e, { op: 'pf.init' }, { op: 'sriov.enable', numVFs: 1 });
    expect(e.state.sriov.vfEnable).toBe(true);
  });

  it('fails a member command queued across a disable with INVALID_GROUP and flags the driver', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'w', { opcode: 'LEGACY_COMMON_CFG_READ', member: 2 });
    run(e, { op: 'sriov.disable' });
    e.settle();
    expect(completion(e, 'w').qualifier).toBe(4);
    expect(ruleIds(e)).toContain('driver.aq.member-stable-while-outstanding');
  });
});
