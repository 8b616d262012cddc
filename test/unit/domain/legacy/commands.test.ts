import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors.js';
import { defaultConfig } from '../../../../src/domain/device.js';
import { encodeAdminCmd } from '../../../../src/wire/adminCmd.js';
import { toHex } from '../../../../src/util/hex.js';
import { readLe } from '../../../../src/wire/bytes.js';
import { fromHex } from '../../../../src/util/hex.js';
import { completion, ruleIds, submit } from '../../../helpers.js';
import { legacyRead, legacyWrite, vfEngine } from '../../../legacyHelpers.js';

const OK = 0;
const EINVAL = 22;
const Q_INVALID_FIELD = 3;
const Q_INVALID_OPCODE = 2;

describe('legacy admin commands 0x2-0x6 (Group administration commands / Legacy Interface)', () => {
  it('lays out a typed COMMON_CFG_WRITE as offset, 7 reserved bytes, then the data (the shape in README "Admin ' +
      'commands")', () => {
    const e = vfEngine();
    submit(e, 'w1', { opcode: 'LEGACY_COMMON_CFG_WRITE', member: 2, offset: 18, data: '01' });
    const sub = e.log.find((x) => x.type === 'aq/submitted')!;
    expect(sub.type === 'aq/submitted' && sub.req).toBe(
      toHex(encodeAdminCmd({ opcode: 2, groupType: 1, member: 2 }, Uint8Array.of(18, 0, 0, 0, 0, 0, 0, 0, 1))));
    e.settle();
    expect(completion(e, 'w1').status).toBe(OK);
    expect(e.state.fns[2]!.legacy.status).toBe(1);
  });

  it('accepts Linux\'s read buffers: a 25-byte readable part and a result buffer of exactly the access size', () => {
    const e = vfEngine();
    const raw = encodeAdminCmd({ opcode: 0x3, groupType: 1, member: 1 }, Uint8Array.of(12));
    expect(raw.length).toBe(25);
    e.execute({ op: 'aq.submit', tag: 'lx', raw: toHex(raw), resultBytes: 2 });
    e.settle();
    const c = completion(e, 'lx');
    expect([c.status, c.result, c.usedLen]).toEqual([OK, toHex(Uint8Array.of(0, 1)), 10]);
  });

  it('takes the read length from the result buffer, whatever follows the offset byte', () => {
    const e = vfEngine();
    const padded = encodeAdminCmd({ opcode: 0x3, groupType: 1, member: 1 },
      Uint8Array.of(12, 0xaa, 0xbb, 0, 0, 0, 0, 0));
    e.execute({ op: 'aq.submit', tag: 'pad', raw: toHex(padded), resultBytes: 2 });
    e.settle();
    expect(completion(e, 'pad').result).toBe('0001');
  });

  it('writes and reads little-endian regardless of the guest (spec: data is always LE)', () => {
    const e = vfEngine();
    legacyWrite(e, 1, 4, '78563412');
    expect(e.state.fns[1]!.legacy.driverFeatures).toBe(0x12345678);
  });

  it.each([
    ['straddles two fields', 'common', 16, 4],
    ['covers half a field', 'common', 0, 2],
    ['has zero length', 'common', 18, 0],
    ['leaves the common region (device config excluded)', 'common', 19, 2],
    ['starts past the common region', 'common', 20, 2],
    ['leaves the device region', 'device', 6, 4],
  ] as const)('fails an access that %s with EINVAL / INVALID_FIELD', (_what, space, offset, size) => {
    const e = vfEngine();
    const c = legacyRead(e, 1, offset, size, space);
    expect([c.status, c.qualifier]).toEqual([EINVAL, Q_INVALID_FIELD]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('fails a write that does not refer to a single field and changes nothing', () => {
    const e = vfEngine();
    const c = legacyWrite(e, 1, 17, '0707');
    expect([c.status, c.qualifier]).toEqual([EINVAL, Q_INVALID_FIELD]);
    expect(e.state.fns[1]!.legacy.status).toBe(0);
    expect(ruleIds(e)).toEqual([]);
  });

  it('accepts one MAC byte and the whole MAC', () => {
    const e = vfEngine();
    const mac = e.state.fns[1]!.net.mac;
    expect(legacyRead(e, 1, 5, 1, 'device').result).toBe(mac.slice(10, 12));
    expect(legacyRead(e, 1, 0, 6, 'device').result).toBe(mac);
  });

  it.each(['exact', 'within'] as const)(
    'reads device config one byte at a time, as Linux vp_get does, under legacyFieldMatch %s ' +
      '(virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout — a legacy driver MAY use any width)',
    (legacyFieldMatch) => {
      const e = vfEngine({ legacyFieldMatch });
      const mac = e.state.fns[1]!.net.mac;
      const bytes = [0, 1, 2, 3, 4, 5, 6, 7].map((off) => legacyRead(e, 1, off, 1, 'device').result);
      // The six MAC bytes, then le16 status = LINK_UP (1): the same bytes a whole-field read gives.
      expect(bytes.join('')).toBe(`${mac}0100`);
      expect(legacyRead(e, 1, 5, 2, 'device').result).toBe(`${mac.slice(10, 12)}01`);
      expect(legacyRead(e, 1, 7, 1, 'device').result).toBe('00');
      expect(ruleIds(e)).toEqual([]);
    },
  );

  it('reads the net status byte by byte through the vfio mapper at BAR0 24 + 6 with MSI-X on', () => {
    const e = vfEngine();
    e.execute({ op: 'msix.enable', fn: 1 });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 30, size: 1, tag: 'lo' });
    e.execute({ op: 'guest.io.read', fn: 1, offset: 31, size: 1, tag: 'hi' });
    e.settle();
    expect([e.state.mapper.done.lo?.value, e.state.mapper.done.hi?.value]).toEqual([1, 0]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('applies a device config write of any width to the writable field it covers (blk writeback) and ignores the rest',
      () => {
    const e = vfEngine({ deviceType: 'blk', vfQueues: 1 });
    expect(legacyWrite(e, 1, 31, '070107', 'device').status).toBe(OK);
    expect(e.state.fns[1]!.legacy.writeback).toBe(1);
    expect(legacyRead(e, 1, 32, 1, 'device').result).toBe('01');
    expect(ruleIds(e)).toEqual([]);
  });

  it('keeps the strict reading for the common header: a sub-field access needs legacyFieldMatch "within"', () => {
    const exact = vfEngine();
    expect(legacyRead(exact, 1, 1, 1, 'common').status).toBe(EINVAL);
    const e = vfEngine({ legacyFieldMatch: 'within' });
    expect(legacyRead(e, 1, 1, 1, 'common').status).toBe(OK);
    expect(legacyRead(e, 1, 16, 4, 'common').status).toBe(EINVAL);
    expect(ruleIds(e)).toEqual([]);
  });

  it('offers all four CFG commands or none, and NOTIFY_INFO only with them (device normative)', () => {
    const on = vfEngine();
    submit(on, 'q', { opcode: 'LIST_QUERY' });
    on.settle();
    expect(readLe(fromHex(completion(on, 'q').result), 0, 1) & 0x7c).toBe(0x7c);
    const off = vfEngine({ legacy: false, legacyNotifyInfo: false });
    submit(off, 'q', { opcode: 'LIST_QUERY' });
    off.settle();
    expect(readLe(fromHex(completion(off, 'q').result), 0, 1) & 0x7c).toBe(0);
    const c = legacyRead(off, 1, 18, 1);
    expect([c.status, c.qualifier]).toEqual([EINVAL, Q_INVALID_OPCODE]);
    expect(() => defaultConfig({ legacy: false })).toThrow(ConfigError);
  });

  it('reports NOTIFY_INFO entries of 16 bytes: flags, bar, padding, le64 offset, then an end marker', () => {
    const e = vfEngine({
      legacyNotify: [
        { flags: 'member', bar: 2, offset: 0x1000 },
        { flags: 'owner', bar: 4, offset: 0x2000, stride: 4 },
      ],
    });
    submit(e, 'ni', { opcode: 'LEGACY_NOTIFY_INFO', member: 3 });
    e.settle();
    const r = fromHex(completion(e, 'ni').result);
    expect(r.length).toBe(64);
    expect([r[0], r[1], readLe(r, 8, 8)]).toEqual([2, 2, 0x1000]);
    expect([r[16], r[17], readLe(r, 24, 8)]).toEqual([1, 4, 0x2000 + 2 * 4]);
    expect(r[32]).toBe(0);
    expect(r.subarray(2, 8).every((b) => b === 0)).toBe(true);
  });

  it('refuses a fourth NOTIFY_INFO entry: the last of the 4 result entries MUST have flags 0 (Legacy Interface, ' +
      'device normative)', () => {
    const entry = (i: number) => ({ flags: 'member' as const, bar: 2, offset: 0x1000 + 2 * i });
    expect(() => defaultConfig({ legacyNotify: [0, 1, 2, 3].map(entry) })).toThrow(/legacyNotify/);
    const e = vfEngine({ legacyNotify: [0, 1, 2].map(entry) });
    submit(e, 'ni', { opcode: 'LEGACY_NOTIFY_INFO', member: 1 });
    e.settle();
    const r = fromHex(completion(e, 'ni').result);
    expect([r[0], r[16], r[32], r[48]]).toEqual([2, 2, 2, 0]);
  });

  it('refuses misaligned notify offsets and owner entries without a stride in the config', () => {
    expect(() => defaultConfig({ legacyNotify: [{ flags: 'member', bar: 2, offset: 3 }] })).toThrow(ConfigError);
    expect(() => defaultConfig({ legacyNotify: [{ flags: 'owner', bar: 2, offset: 0 }] })).toThrow(/stride/);
    expect(() => defaultConfig({ legacyNotify: [{ flags: 'member', bar: 0, offset: 0 }] })).toThrow(ConfigError);
  });
});
