import { describe, expect, it } from 'vitest';
import { defaultConfig, OPCODES } from '../../../../src/domain/device.js';
import { encodeTyped } from '../../../../src/domain/adminq/encode.js';
import { decodeAdminHeader, commandData } from '../../../../src/wire/adminCmd.js';
import { VTWIN_EXT_VF_MSIX_GET, VTWIN_EXT_VF_MSIX_SET, vfMsixSet } from '../../../../src/domain/provision/handlers.js';
import { vfDefaultCount } from '../../../../src/domain/provision/pool.js';
import { InputError } from '../../../../src/errors.js';

describe('VTWIN_EXT_VF_MSIX_SET / GET wire format', () => {
  it('sit in the free opcode range and in the first LIST_QUERY word', () => {
    for (const op of [VTWIN_EXT_VF_MSIX_SET, VTWIN_EXT_VF_MSIX_GET]) {
      expect(op).toBeGreaterThanOrEqual(0x13);
      expect(op).toBeLessThan(64);
    }
    expect(vfMsixSet.extension).toBeTruthy();
  });

  it('a typed SET encodes group SR-IOV, the member and le16 msix_count in an 8-byte data part', () => {
    const enc = encodeTyped(OPCODES, { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 3, count: 0x1234 });
    expect(decodeAdminHeader(enc.req)).toEqual({ opcode: VTWIN_EXT_VF_MSIX_SET, groupType: 1, member: 3 });
    expect([...commandData(enc.req)]).toEqual([0x34, 0x12, 0, 0, 0, 0, 0, 0]);
    expect(enc.resultLen).toBe(0);
    expect(encodeTyped(OPCODES, { opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 1 }).resultLen).toBe(16);
  });

  it('a typed SET with a bad count is refused before anything runs', () => {
    expect(() => encodeTyped(OPCODES, { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: -1 })).toThrow(InputError);
    expect(() => encodeTyped(OPCODES, { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1 })).toThrow(/count/);
  });
});

describe('default VF count at SR-IOV enable', () => {
  it('is vfMsixVectors while numVFs of them fit the pool, else an equal share of the pool', () => {
    const c = defaultConfig({ totalVFs: 64, vfMsixVectors: 8, vfMsixPool: 256 });
    expect(vfDefaultCount(c, 32)).toBe(8);
    expect(vfDefaultCount(c, 64)).toBe(4);
    expect(vfDefaultCount(defaultConfig({ totalVFs: 512, vfMsixPool: 256 }), 512)).toBe(0);
  });
});
