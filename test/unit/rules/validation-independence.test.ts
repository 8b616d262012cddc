/**
 * The validation-order rule does not share the device's validation code: with the device's
 * validation deliberately broken (the domain module replaced for this file), the rule still
 * says what the spec requires ("Group administration commands", device normative). A rule that
 * called the device's validationFailure would agree with the broken device and stay silent.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER } from '../../../src/domain/spec/constants.js';
import { completion, engine, run, submit } from '../../helpers.js';

const device = vi.hoisted(() => ({ validation: 'real' as 'real' | 'accept-all' | 'always-invalid-member' }));

vi.mock('../../../src/domain/adminq/validate.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/domain/adminq/validate.js')>();
  return {
    ...real,
    validationFailure: (...args: Parameters<typeof real.validationFailure>) =>
      device.validation === 'real' ? real.validationFailure(...args) : device.validation === 'accept-all'
        ? null : VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
  };
});

const RULE = 'device.aq.validation-order';

/** One command to completion on a device with 2 VFs; the validation-order messages. */
function verdicts(cmd: Parameters<typeof submit>[2], before: Parameters<typeof run>[1][] = []): { status: number;
    messages: string[] } {
  const e = engine();
  run(e, { op: 'sriov.enable', numVFs: 2 }, ...before);
  e.settle();
  submit(e, 'x', cmd);
  e.settle();
  return { status: completion(e, 'x').status,
    messages: e.violations.filter((v) => v.rule === RULE).map((v) => v.message) };
}

const badGroup = { opcode: 'LIST_QUERY', group: 5 } as const;
const notInUse = { opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 1 } as const;
const onlyList = [{ op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } }] as const;
const badMember = { opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 5 } as const;

beforeEach(() => {
  device.validation = 'real';
});

describe('device.aq.validation-order against a device whose validation is broken', () => {
  it('control: with the real validation the device fails these commands as required and the rule is silent', () => {
    for (const [cmd, before] of [[badGroup, []], [notInUse, onlyList], [badMember, []]] as const) {
      const v = verdicts(cmd, [...before]);
      expect(v).toEqual({ status: 22, messages: [] });
    }
  });

  it('a device that accepts everything is caught with the qualifier the spec requires (group, opcode, member)', () => {
    device.validation = 'accept-all';
    expect(verdicts(badGroup).messages).toEqual(
      [expect.stringMatching(/should fail EINVAL\/INVALID_GROUP but completed OK\/OK$/)]);
    expect(verdicts(notInUse, [...onlyList]).messages).toEqual(
      [expect.stringMatching(/should fail EINVAL\/INVALID_OPCODE but completed OK\/OK$/)]);
    expect(verdicts(badMember).messages).toEqual(
      [expect.stringMatching(/should fail EINVAL\/INVALID_MEMBER but completed OK\/OK$/)]);
  });

  it('a device that refuses valid commands is caught too', () => {
    device.validation = 'always-invalid-member';
    const v = verdicts({ opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 1 });
    expect(v.status).toBe(22);
    expect(v.messages).toEqual([expect.stringMatching(/is valid but failed EINVAL\/INVALID_MEMBER$/)]);
  });

  it('device.provision.outcome still expects OK for a valid VTWIN_EXT_VF_MSIX_SET the broken device refused', () => {
    device.validation = 'always-invalid-member';
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 's', { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 8 });
    e.settle();
    expect(e.violations.filter((v) => v.rule === 'device.provision.outcome').map((v) => v.message)).toEqual([
      expect.stringMatching(/completed EINVAL\/INVALID_MEMBER, expected OK\/OK$/),
    ]);
  });
});
