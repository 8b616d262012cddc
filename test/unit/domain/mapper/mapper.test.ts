import { describe, expect, it } from 'vitest';
import { ruleIds } from '../../../helpers.js';
import { bringUp, eventsOf, guestIo, vfEngine } from '../../../legacyHelpers.js';
import { itemActor } from '../../../../src/domain/items.js';
import { stateView } from '../../../../src/domain/view.js';

describe('host mapper: guest I/O BAR0 accesses become legacy admin commands ' +
    '(docs/linux-qemu-vfio.md#vfio-virtio-vf-driver-legacy-io-bar)', () => {
  it('splits common and device config at 20 while the VF\'s MSI-X is off', () => {
    const e = vfEngine();
    const mac = e.state.fns[1]!.net.mac;
    const r = guestIo(e, { fn: 1, offset: 20, size: 1, tag: 'm0' }, { fn: 1, offset: 18, size: 1, tag: 'st' });
    expect(r.m0).toMatchObject({ ok: true, data: mac.slice(0, 2) });
    const ops = eventsOf(e, 'aq/submitted').map((s) => [s.opcode, s.req.slice(48)]);
    expect(ops).toEqual([
      [0x5, '00'],
      [0x3, '12'],
    ]);
  });

  it('splits at 24 while MSI-X is on: 20 is config_msix_vector, 24 the first MAC byte', () => {
    const e = vfEngine();
    e.execute({ op: 'msix.enable', fn: 1 });
    const mac = e.state.fns[1]!.net.mac;
    const r = guestIo(e, { fn: 1, offset: 20, size: 2, tag: 'cv' }, { fn: 1, offset: 24, size: 1, tag: 'm0' },
      { fn: 1, offset: 29, size: 1, tag: 'm5' });
    expect(r.cv).toMatchObject({ ok: true, value: 0xffff });
    expect(r.m0!.data).toBe(mac.slice(0, 2));
    expect(r.m5!.data).toBe(mac.slice(10, 12));
    expect(ruleIds(e)).toEqual([]);
  });

  it('delivers read values to the guest and surfaces a failed command as a failed access (errno = -status)', () => {
    const e = vfEngine();
    const r = guestIo(e, { fn: 2, offset: 12, size: 2, tag: 'qs' }, { fn: 2, offset: 0, size: 2, tag: 'half' });
    expect(r.qs).toMatchObject({ ok: true, value: 256 });
    expect(r.half).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(eventsOf(e, 'mapper/ioCompleted').map((c) => c.tag)).toEqual(['qs', 'half']);
  });

  it.each([
    ['leaves the virtual BAR0 (offset + size > 32)', 31, 2, 'EINVAL'],
    ['writes Queue Notify with other than 2 bytes', 16, 1, 'EINVAL'],
  ])('refuses an access that %s before any admin command', (_what, offset, size, errno) => {
    const e = vfEngine();
    const r = guestIo(e, { fn: 1, offset, size, tag: 'x', value: 0 });
    expect(r.x).toMatchObject({ ok: false, errno });
    expect(eventsOf(e, 'aq/submitted')).toHaveLength(0);
  });

  it('answers ENODEV for a VF that does not exist', () => {
    const e = vfEngine({}, 2);
    const r = guestIo(e, { fn: 3, offset: 18, size: 1, tag: 'a' }, { fn: 0, offset: 18, size: 1, tag: 'b' });
    expect([r.a!.errno, r.b!.errno]).toEqual(['ENODEV', 'ENODEV']);
  });

  it('serialises accesses to one VF: the next command waits for the previous completion', () => {
    const e = vfEngine({ aqDepth: 64 });
    for (let i = 0; i < 4; i++) e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: `a${i}` });
    let maxInflight = 0;
    while (e.step()) {
      const inflight = Object.values(e.state.aq.commands).filter((c) => c.member === 1).length;
      maxInflight = Math.max(maxInflight, inflight);
    }
    expect(maxInflight).toBe(1);
    expect(eventsOf(e, 'mapper/ioCompleted').map((c) => c.tag)).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('lets different VFs have commands in flight together', () => {
    const e = vfEngine();
    for (let fn = 1; fn <= 4; fn++) e.execute({ op: 'guest.io.read', fn, offset: 18, size: 1 });
    for (let i = 0; i < 4; i++) e.step((it) => it.kind === 'mapper.issue');
    expect(new Set(Object.values(e.state.aq.commands).map((c) => c.member))).toEqual(new Set([1, 2, 3, 4]));
    e.settle();
    expect(eventsOf(e, 'mapper/ioCompleted')).toHaveLength(4);
  });

  it('runs its work as the host actor', () => {
    expect(itemActor({ kind: 'mapper.issue', fn: 1, tag: '' })).toBe('host');
    expect(itemActor({ kind: 'mapper.abort', fn: 1, tag: '' })).toBe('host');
  });

  it('writes Queue Notify straight to the NOTIFY_INFO member address, learning it once per VF', () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 2 });
    guestIo(e, { fn: 1, offset: 16, size: 2, value: 0, tag: 'k1' });
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 1 });
    guestIo(e, { fn: 1, offset: 16, size: 2, value: 0, tag: 'k2' });
    const ops = eventsOf(e, 'aq/submitted').filter((s) => s.tag === 'k1' || s.tag === 'k2').map((s) => s.opcode);
    expect(ops).toEqual([0x6]);
    expect(eventsOf(e, 'legacy/addressWritten').map((w) => [w.fn, w.bar, w.offset])).toEqual([
      [1, 2, 0x1000],
      [1, 2, 0x1000],
    ]);
    expect(e.state.fns[1]!.legacy.queues[0]!.used).toBe(3);
    expect(ruleIds(e)).toEqual([]);
  });

  it('falls back to a COMMON_CFG_WRITE of Queue Notify when the device has no NOTIFY_INFO', () => {
    const e = vfEngine({ legacyNotifyInfo: false });
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 2 });
    guestIo(e, { fn: 1, offset: 16, size: 2, value: 0, tag: 'k' });
    expect(eventsOf(e, 'aq/submitted').filter((s) => s.tag === 'k').map((s) => s.opcode)).toEqual([0x2]);
    expect(e.state.fns[1]!.legacy.queues[0]!.used).toBe(2);
  });

  it('re-learns the notify address for a re-created VF (vfio derives it per open)', () => {
    const e = vfEngine();
    guestIo(e, { fn: 1, offset: 16, size: 2, value: 0, tag: 'k' });
    expect(e.state.fns[1]!.mapper.notifyBar).toBe(2);
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    expect(e.state.fns[1]!.mapper.notifyBar).toBe(0);
  });

  it('fails the in-flight access with EIO when a PF reset aborts its command (Linux reset cleanup)', () => {
    const e = vfEngine();
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'r' });
    e.step((it) => it.kind === 'mapper.issue');
    e.execute({ op: 'pf.reset' });
    e.settle();
    expect(e.state.mapper.done.r).toMatchObject({ ok: false, errno: 'EIO' });
    expect(stateView(e.state).mapper.vfs).toEqual({});
  });

  it('fails accesses whose VF is destroyed while they wait (ENODEV) or are in flight (the command fails)', () => {
    const e = vfEngine();
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'inflight' });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'waiting' });
    e.step((it) => it.kind === 'mapper.issue');
    e.execute({ op: 'sriov.disable' });
    e.settle();
    expect(e.state.mapper.done.inflight).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(e.state.mapper.done.waiting).toMatchObject({ ok: false, errno: 'ENODEV' });
  });

  it('waits while the admin queue is full instead of failing (Linux spins on -ENOSPC)', () => {
    const e = vfEngine({ aqDepth: 1 });
    e.execute({ op: 'aq.submit', tag: 'hog', cmd: { opcode: 'LIST_QUERY' } });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'r' });
    expect(e.ready().some((it) => it.kind === 'mapper.issue')).toBe(false);
    e.settle();
    expect(e.state.mapper.done.r).toMatchObject({ ok: true, value: 0 });
    expect(eventsOf(e, 'aq/rejected')).toHaveLength(0);
  });

  it('touches 4096 VFs once each with one sweep', () => {
    const e = vfEngine({ totalVFs: 4096, aqDepth: 256 }, 4096);
    e.execute({ op: 'guest.io.sweep', from: 1, to: 4096, offset: 18, size: 1, write: true, value: 1 });
    e.settle();
    expect(eventsOf(e, 'mapper/ioCompleted').filter((c) => c.ok)).toHaveLength(4096);
    expect(e.state.fns.slice(1).every((f) => f.legacy.status === 1)).toBe(true);
    expect(stateView(e.state).mapper.vfs).toEqual({});
    expect(ruleIds(e)).toEqual([]);
  });

  it('flags at settle a guest access that never got an answer (host.mapper.accesses-answered)', () => {
    const e = vfEngine({ profile: 'stall-across-disable' });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'stuck' });
    e.step((it) => it.kind === 'mapper.issue');
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.settle();
    expect(ruleIds(e)).toContain('host.mapper.accesses-answered');
    expect(e.violations.find((v) => v.rule === 'host.mapper.accesses-answered')!.message).toMatch(
      /VF 1 read @18 \(stuck\)/);
  });

  it('fails an access with EOPNOTSUPP, without reaching the device, when the PF driver did not put the legacy ' +
      'opcodes in use', () => {
    const e = vfEngine();
    e.execute({ op: 'aq.submit', tag: 'u', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
    e.settle();
    const r = guestIo(e, { fn: 1, offset: 18, size: 1, tag: 'x' });
    expect(r.x).toMatchObject({ ok: false, errno: 'EOPNOTSUPP' });
    expect(eventsOf(e, 'aq/submitted').filter((s) => s.tag === 'x')).toHaveLength(0);
    expect(ruleIds(e)).toEqual([]);
  });

  it('waits for an in-flight LIST_USE before sending anything (driver normative: LIST_USE alone)', () => {
    const e = vfEngine();
    e.execute({ op: 'aq.submit', tag: 'u', cmd: { opcode: 'LIST_USE', opcodes: [0, 1, 2, 3, 4, 5, 6] } });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 18, size: 1, tag: 'r' });
    expect(e.ready().some((it) => it.kind === 'mapper.issue')).toBe(false);
    e.settle();
    expect(e.state.mapper.done.r).toMatchObject({ ok: true });
    expect(ruleIds(e)).toEqual([]);
  });

  it('never sends a queued access of a destroyed VF to its re-created incarnation (ENODEV)', () => {
    const e = vfEngine();
    e.execute({ op: 'guest.io.write', fn: 2, offset: 18, size: 1, value: 1, tag: 'old' });
    e.execute({ op: 'sriov.disable' });
    e.execute({ op: 'sriov.enable', numVFs: 4 });
    e.execute({ op: 'guest.io.write', fn: 2, offset: 18, size: 1, value: 3, tag: 'new' });
    e.settle();
    expect(e.state.mapper.done.old).toMatchObject({ ok: false, errno: 'ENODEV' });
    expect(e.state.mapper.done.new).toMatchObject({ ok: true });
    expect(e.state.fns[2]!.legacy.status).toBe(3);
  });
});
