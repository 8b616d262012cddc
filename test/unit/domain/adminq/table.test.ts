/**
 * The admin queue is a core that receives its opcode table: a family it has never heard of, put
 * in a table, is reported by LIST_QUERY, accepted by LIST_USE, encoded for typed commands, part
 * of the boot in-use set and checked by the `extOpcodes` validation. ("Group administration
 * commands"; README "Adding steps (for area engineers)".)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeTyped } from '../../../../src/domain/adminq/encode.js';
import type { ExecInput, OpcodeHandler } from '../../../../src/domain/adminq/handler.js';
import { LIST_HANDLERS, linuxBringUpInUse, listQuery, listUse } from '../../../../src/domain/adminq/list.js';
import { extOpcodeProblem, opcodeTable } from '../../../../src/domain/adminq/table.js';
import { defaultConfig, initialState, OPCODES } from '../../../../src/domain/device.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SRIOV, VIRTIO_ADMIN_STATUS_OK } from '../../../../src/domain/spec/constants.js';
import { PROFILES } from '../../../../src/domain/profiles.js';
import { decodeOpcodeBitmap, encodeOpcodeBitmap } from '../../../../src/wire/bitmap.js';
import { commandData, decodeAdminHeader } from '../../../../src/wire/adminCmd.js';

/** A family the admin queue does not know: one extension opcode with one parameter. */
const fooPing: OpcodeHandler<{ n: number }> = {
  opcode: 0x40,
  name: 'VTWIN_TEST_FOO_PING',
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: 'test family',
  extension: 'test family',
  supported: () => true,
  params: z.strictObject({ n: z.int().min(0).max(255) }),
  encode: (p) => Uint8Array.of(p.n),
  execute: () => ({ status: VIRTIO_ADMIN_STATUS_OK, qualifier: 0 }),
};
const table = opcodeTable([...LIST_HANDLERS, fooPing]);
const config = defaultConfig();

function input(data: Uint8Array): ExecInput {
  const state = initialState(config);
  const hdr = { opcode: 0, groupType: VIRTIO_ADMIN_GROUP_TYPE_SRIOV, member: 0 };
  const cmd = { cid: 0, tag: 'c0', q: 0, req: '', resultLen: 8, ...hdr, incarnation: 0, epoch: 0,
    phase: 'processing' as const };
  return { state, profile: PROFILES[0]!, opcodes: table, cmd, hdr, data, resultLen: 8 };
}

describe('an opcode table given to the admin queue', () => {
  it('LIST_QUERY reports exactly the table’s supported opcodes for the group type', () => {
    expect(decodeOpcodeBitmap(listQuery.execute(input(new Uint8Array(0))).result!)).toEqual([0, 1, 0x40]);
  });

  it('LIST_USE accepts an opcode of the table and refuses one outside it (EINVAL / INVALID_FIELD)', () => {
    expect(listUse.execute(input(encodeOpcodeBitmap([0, 1, 0x40]))).status).toBe(VIRTIO_ADMIN_STATUS_OK);
    expect(listUse.execute(input(encodeOpcodeBitmap([0, 1, 0x2]))).qualifier).toBe(3);
  });

  it('encodes a typed command of the new family, and LIST_USE names it', () => {
    const enc = encodeTyped(table, { opcode: 'VTWIN_TEST_FOO_PING', member: 2, n: 7 });
    expect(decodeAdminHeader(enc.req)).toEqual({ opcode: 0x40, groupType: VIRTIO_ADMIN_GROUP_TYPE_SRIOV, member: 2 });
    expect([...commandData(enc.req)]).toEqual([7]);
    const use = encodeTyped(table, { opcode: 'LIST_USE', opcodes: ['LIST_QUERY', 'LIST_USE', 'VTWIN_TEST_FOO_PING'] });
    expect(decodeOpcodeBitmap(commandData(use.req))).toEqual([0, 1, 0x40]);
  });

  it('puts the new opcode in the in-use set the PF driver’s probe leaves', () => {
    expect(linuxBringUpInUse(config, table)).toEqual([0, 1, 0x40]);
    expect(linuxBringUpInUse(defaultConfig({ listCommandsNeedVfEnable: true }), table)).toEqual([0, 1]);
  });

  it('validates extOpcodes against the table: a known extension may move, an unknown name or a clash is refused',
      () => {
    expect(extOpcodeProblem({ ...config, extOpcodes: { VTWIN_TEST_FOO_PING: 0x41 } }, table)).toBeNull();
    expect(extOpcodeProblem({ ...config, extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x41 } }, table)?.[0]).toBe(
      'extOpcodes.VTWIN_EXT_VF_MSIX_SET');
    expect(extOpcodeProblem({ ...config, extOpcodes: { VTWIN_TEST_FOO_PING: 0x30 } }, OPCODES)?.[1]).toMatch(
      /one of the extension opcode names/);
    expect(extOpcodeProblem({ ...config, extOpcodes: { VTWIN_TEST_FOO_PING: 0x1 } }, table)).toEqual(
      ['extOpcodes.VTWIN_TEST_FOO_PING', 'opcode 0x1 is already LIST_USE']);
    expect(extOpcodeProblem({ ...config, extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x31 } }, OPCODES)?.[1]).toBe(
      'opcode 0x31 is already VTWIN_EXT_VF_MSIX_GET');
    expect(table.handlerFor(0x41, { ...config, extOpcodes: { VTWIN_TEST_FOO_PING: 0x41 } })).toBe(fooPing);
    expect(table.handlerFor(0x40, { ...config, extOpcodes: { VTWIN_TEST_FOO_PING: 0x41 } })).toBeUndefined();
  });

  it('refuses two handlers with one opcode', () => {
    expect(() => opcodeTable([...LIST_HANDLERS, { ...fooPing, opcode: 1 }])).toThrow(/clashes with LIST_USE/);
  });

  it('the device’s own table holds every family: LIST_*, provisioning, legacy and net', () => {
    expect(OPCODES.handlers.map((h) => h.name)).toEqual([
      'LIST_QUERY',
      'LIST_USE',
      'LEGACY_COMMON_CFG_WRITE',
      'LEGACY_COMMON_CFG_READ',
      'LEGACY_DEV_CFG_WRITE',
      'LEGACY_DEV_CFG_READ',
      'LEGACY_NOTIFY_INFO',
      'VTWIN_EXT_VF_MSIX_SET',
      'VTWIN_EXT_VF_MSIX_GET',
      'EXT_NET_ADMIN_CTRL',
    ]);
  });
});
