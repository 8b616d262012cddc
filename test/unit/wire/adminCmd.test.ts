import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commandData, decodeAdminHeader, decodeWritable, encodeAdminCmd,
  encodeWritable } from '../../../src/wire/adminCmd.js';
import { decodeOpcodeBitmap, encodeOpcodeBitmap } from '../../../src/wire/bitmap.js';
import { fromHex, toHex } from '../../../src/util/hex.js';

describe('struct virtio_admin_cmd (Administration Virtqueues)', () => {
  it('lays out the 24-byte header little-endian: opcode@0, group_type@2, reserved, member@16', () => {
    const bytes = encodeAdminCmd({ opcode: 0x0203, groupType: 1, member: 0x0102 }, Uint8Array.of(0xaa));
    expect(toHex(bytes)).toBe('0302' + '0100' + '00'.repeat(12) + '0201000000000000' + 'aa');
  });

  it('round-trips any header and data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }),
          fc.integer({ min: 0, max: 2 ** 40 }), fc.uint8Array({ maxLength: 40 }), (opcode, groupType, member, data) => {
        const req = encodeAdminCmd({ opcode, groupType, member }, data);
        expect(decodeAdminHeader(req)).toEqual({ opcode, groupType, member });
        expect([...commandData(req)]).toEqual([...data]);
      }),
    );
  });

  it('reads a short readable part as if the missing bytes were zero (buffer lengths)', () => {
    expect(decodeAdminHeader(Uint8Array.of(0x01))).toEqual({ opcode: 1, groupType: 0, member: 0 });
    expect(commandData(Uint8Array.of(1, 2, 3)).length).toBe(0);
  });

  it('reports a member id too large for an exact integer as -1 (never a valid member)', () => {
    const req = fromHex('0500' + '0100' + '00'.repeat(12) + 'ffffffffffffffff');
    expect(decodeAdminHeader(req).member).toBe(-1);
  });

  it('writes status@0 and status_qualifier@2 then the result, truncated to the driver buffer', () => {
    const w = encodeWritable(22, 5, Uint8Array.of(1, 2, 3, 4), 2);
    expect(toHex(w.bytes)).toBe('1600' + '0500' + '00000000' + '0102');
    expect(w.usedLen).toBe(10);
    expect(decodeWritable(w.bytes)).toMatchObject({ status: 22, qualifier: 5 });
  });

  it('reports only the status block as used when there is no result buffer', () => {
    expect(encodeWritable(0, 0, Uint8Array.of(9, 9), 0).usedLen).toBe(8);
  });
});

describe('device_admin_cmd_opcodes bitmap (LIST_QUERY / LIST_USE)', () => {
  it('sets bit n for opcode n in le64 words', () => {
    expect(toHex(encodeOpcodeBitmap([0, 1, 6]))).toBe('4300000000000000');
    expect(encodeOpcodeBitmap([64]).length).toBe(16);
  });

  it('round-trips opcode sets and tolerates extra zero words', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 })), (ops) => {
        const sorted = [...ops].sort((a, b) => a - b);
        const bytes = encodeOpcodeBitmap(sorted, 32);
        expect(decodeOpcodeBitmap(bytes)).toEqual(sorted);
      }),
    );
  });
});
