import { describe, expect, it } from 'vitest';
import { defaultConfig, supportedOpcodes } from '../../src/domain/device.js';
import { ConfigError } from '../../src/errors.js';
import { decodeVfMsixGet, VTWIN_EXT_VF_MSIX_SET } from '../../src/domain/provision/handlers.js';
import { statusName, qualifierName } from '../../src/domain/spec/names.js';
import type { Event } from '../../src/domain/events.js';
import { fromHex } from '../../src/util/hex.js';
import { rig, type IrqRig } from './irq-helpers.js';

/** Submit one admin command, settle, return its completion as names. */
function admin(r: IrqRig, tag: string, cmd: Record<string, unknown> & { opcode: string | number }) {
  const events: Event[] = [];
  events.push(...r.run({ op: 'aq.submit', tag, cmd }));
  r.engine.addObserver({ onEvent: (e) => events.push(e) });
  r.engine.settle();
  const done = events.find((e) => e.type === 'aq/completed') as Extract<Event, { type: 'aq/completed' }>;
  return { status: statusName(done.status), qualifier: qualifierName(done.qualifier), result: done.result };
}

const set = (member: number, count: number) => ({ opcode: 'VTWIN_EXT_VF_MSIX_SET', member, count });

describe('VF MSI-X provisioning extension (VTWIN_EXT_VF_MSIX_SET / GET)', () => {
  it('SR-IOV enable gives every VF the default count from the pool', () => {
    const r = rig({ vfMsixVectors: 4, vfMsixPool: 64 });
    r.run({ op: 'sriov.enable', numVFs: 8 });
    expect(r.engine.state.fns.slice(1, 9).map((f) => f.msix.tableSize)).toEqual(new Array(8).fill(4));
    expect(r.engine.state.vfMsix.assigned).toBe(32);
  });

  it('when numVFs x default exceeds the pool, every VF gets an equal share and the pool is not over-committed', () => {
    const r = rig({ totalVFs: 8, vfMsixVectors: 16, vfMsixPool: 50 });
    r.run({ op: 'sriov.enable', numVFs: 8 });
    expect(r.engine.state.fns[3]!.msix.tableSize).toBe(6);
    expect(r.engine.state.vfMsix.assigned).toBe(48);
    expect(r.rules()).toEqual([]);
  });

  it('SET changes the Table Size read at the next read, GET reports it with the limits and the free pool', () => {
    const r = rig({ vfMsixVectors: 4, vfMsixPool: 64, vfMsixMin: 2, vfMsixMax: 32 });
    r.run({ op: 'sriov.enable', numVFs: 4 });
    expect(admin(r, 's', set(2, 16))).toMatchObject({ status: 'OK', qualifier: 'OK' });
    const ctl = r.run({ op: 'msix.readControl', fn: 2 });
    expect(ctl[0]).toMatchObject({ value: 15 });
    const got = admin(r, 'g', { opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 2 });
    expect(decodeVfMsixGet(fromHex(got.result))).toEqual(
      { count: 16, min: 2, max: 32, poolTotal: 64, poolFree: 64 - 28 });
    expect(r.rules()).toEqual([]);
  });

  it('count 0 restores the default count (mlx5: n = 0 means the default)', () => {
    const r = rig({ vfMsixVectors: 4 });
    r.run({ op: 'sriov.enable', numVFs: 2 });
    admin(r, 's', set(1, 10));
    expect(admin(r, 'z', set(1, 0))).toMatchObject({ status: 'OK' });
    expect(r.engine.state.fns[1]!.msix.tableSize).toBe(4);
  });

  it('is refused with EBUSY while a driver is bound to the VF, and while its MSI-X is enabled', () => {
    const r = rig();
    r.run({ op: 'sriov.enable', numVFs: 2 }, { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
      { op: 'msix.enable', fn: 2 });
    expect(admin(r, 'b', set(1, 8))).toMatchObject({ status: 'EBUSY', qualifier: 'INVALID_COMMAND' });
    expect(admin(r, 'e', set(2, 8))).toMatchObject({ status: 'EBUSY', qualifier: 'INVALID_COMMAND' });
    expect(r.engine.state.fns[1]!.msix.tableSize).toBe(4);
    r.run({ op: 'vf.unbind', fn: 1 });
    expect(admin(r, 'ok', set(1, 8))).toMatchObject({ status: 'OK' });
    expect(r.rules()).toEqual([]);
  });

  it('below min, above max and past the pool fail with distinct outcomes and change nothing', () => {
    const r = rig({ vfMsixVectors: 4, vfMsixPool: 24, vfMsixMin: 2, vfMsixMax: 16 });
    r.run({ op: 'sriov.enable', numVFs: 4 });
    expect(admin(r, 'lo', set(1, 1))).toMatchObject({ status: 'EINVAL', qualifier: 'INVALID_FIELD' });
    expect(admin(r, 'hi', set(1, 17))).toMatchObject({ status: 'ENOSPC', qualifier: 'INVALID_FIELD' });
    // 3 x 4 others + 13 = 25 > 24.
    expect(admin(r, 'pool', set(1, 13))).toMatchObject({ status: 'ENOSPC', qualifier: 'NORESOURCE' });
    expect(admin(r, 'fits', set(1, 12))).toMatchObject({ status: 'OK' });
    expect(r.engine.state.vfMsix.assigned).toBe(24);
    expect(r.rules()).toEqual([]);
  });

  it('resizing drops vector mappings that no longer name an entry (they read back NO_VECTOR)', () => {
    const r = rig({ vfMsixVectors: 8 });
    r.run({ op: 'sriov.enable', numVFs: 1 }, { op: 'vector.map', fn: 1, queue: 1, vector: 6 },
      { op: 'vector.map', fn: 1, queue: 0, vector: 1 });
    admin(r, 's', set(1, 4));
    expect(r.engine.state.fns[1]!.msix.queueVectors).toEqual([1, 0xffff]);
  });

  it('SR-IOV disable frees the whole pool', () => {
    const r = rig();
    r.run({ op: 'sriov.enable', numVFs: 4 });
    r.run({ op: 'sriov.disable' });
    expect(r.engine.state.vfMsix.assigned).toBe(0);
  });

  it('the opcodes are configurable: a renumbered SET works and its default number is no longer it', () => {
    const r = rig({ extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x7e00 } });
    r.run({ op: 'sriov.enable', numVFs: 2 });
    expect(supportedOpcodes(r.engine.config, 1)).toContain(0x7e00);
    expect(supportedOpcodes(r.engine.config, 1)).not.toContain(VTWIN_EXT_VF_MSIX_SET);
    expect(admin(r, 'n', set(1, 8))).toMatchObject({ status: 'OK' });
    expect(admin(r, 'old', { opcode: VTWIN_EXT_VF_MSIX_SET, member: 1, data: '0800000000000000' })).toMatchObject(
      { status: 'EINVAL', qualifier: 'INVALID_OPCODE' });
  });

  it('bad provisioning config is refused with the field and what was expected', () => {
    expect(() => defaultConfig({ extOpcodes: { LIST_QUERY: 0x40 } })).toThrow(
      /extOpcodes\.LIST_QUERY: one of the extension opcode names/);
    expect(() => defaultConfig({ extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x31 } })).toThrow(
      /already VTWIN_EXT_VF_MSIX_GET/);
    expect(() => defaultConfig({ vfMsixVectors: 100, vfMsixMax: 64 })).toThrow(ConfigError);
    expect(() => defaultConfig({ vfMsixMin: 9, vfMsixMax: 8 })).toThrow(/vfMsixMin: at most vfMsixMax/);
  });
});
