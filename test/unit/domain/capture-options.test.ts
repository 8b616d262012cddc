/**
 * Device options a capture calibrates (README "Device options"): the legacy feature bits, a VF's
 * MAC, and whether the VF MSI-X provisioning extension is offered. Defaults keep the old behaviour.
 */
import { describe, expect, it } from 'vitest';
import { opcodeByName } from '../../../src/domain/device.js';
import { fromHex } from '../../../src/util/hex.js';
import { completion, ruleIds, submit } from '../../helpers.js';
import { legacyRead, vfEngine } from '../../legacyHelpers.js';

describe('device options for captured devices', () => {
  it('legacyFeatures replaces the device features bits 0-31 a VF reads at legacy offset 0', () => {
    expect(legacyRead(vfEngine(), 1, 0, 4).result).toBe('2000 9f00'.replace(' ', ''));
    expect(legacyRead(vfEngine({ legacyFeatures: 0x109f0023 }), 1, 0, 4).result).toBe('23009f10');
  });

  it('vfMacs gives a VF its MAC (device config, any width); unlisted VFs keep 02:00:00:00:hi:lo', () => {
    const e = vfEngine({ vfMacs: { '2': '525400123456' } });
    expect(legacyRead(e, 2, 0, 6, 'device').result).toBe('525400123456');
    expect(legacyRead(e, 2, 3, 1, 'device').result).toBe('12');
    expect(legacyRead(e, 1, 0, 6, 'device').result).toBe('020000000001');
    expect(ruleIds(e)).toEqual([]);
  });

  it('vfMsixProvisioning false: LIST_QUERY does not report the extension and its commands fail INVALID_OPCODE', () => {
    const set = opcodeByName('VTWIN_EXT_VF_MSIX_SET')!;
    const bit = (e: ReturnType<typeof vfEngine>) => {
      submit(e, 'q', { opcode: 'LIST_QUERY', group: 'SRIOV' });
      e.settle();
      return ((fromHex(completion(e, 'q').result)[set >> 3] ?? 0) >> (set & 7)) & 1;
    };
    expect(bit(vfEngine())).toBe(1);
    const off = vfEngine({ vfMsixProvisioning: false });
    expect(bit(off)).toBe(0);
    submit(off, 's', { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 4 });
    off.settle();
    expect([completion(off, 's').status, completion(off, 's').qualifier]).toEqual([22, 2]);
  });
});
