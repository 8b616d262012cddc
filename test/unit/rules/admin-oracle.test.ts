/**
 * The rules' own reading of admin command validation (src/rules/adminOracle.ts), checked against
 * the spec text ("Group administration commands", "Device groups", device normative) on real
 * states, and the validation-order rule fed crafted completions: the rule judges the device by
 * what the spec requires, whatever the device answered.
 */
import { describe, expect, it } from 'vitest';
import type { AqCommand } from '../../../src/domain/adminq/types.js';
import type { Command } from '../../../src/domain/commands.js';
import type { DeviceConfigInput } from '../../../src/domain/config.js';
import { defaultConfig } from '../../../src/domain/device.js';
import type { Event, EventBody } from '../../../src/domain/events.js';
import { evolve } from '../../../src/domain/evolve.js';
import {
  VIRTIO_ADMIN_STATUS_EINVAL as EINVAL,
  VIRTIO_ADMIN_STATUS_OK as OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP as Q_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER as Q_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE as Q_OPCODE,
  VIRTIO_ADMIN_STATUS_Q_OK as Q_OK,
} from '../../../src/domain/spec/constants.js';
import type { TwinState } from '../../../src/domain/state.js';
import { Engine } from '../../../src/engine/engine.js';
import { adminAddress, adminOpcodeName, requiredValidationFailure } from '../../../src/rules/adminOracle.js';
import { validationOrder } from '../../../src/rules/aq.js';
import { RuleMonitor, type Rule } from '../../../src/rules/framework.js';
import { toHex } from '../../../src/util/hex.js';
import { encodeAdminCmd } from '../../../src/wire/adminCmd.js';

const SELF = 0;
const SRIOV = 1;

function stateAfter(device: DeviceConfigInput, cmds: Command[] = []): TwinState {
  const e = new Engine({ config: defaultConfig(device), rules: [] });
  for (const c of cmds) e.execute(c);
  return structuredClone(e.state);
}

/** A command as the driver placed it: raw header bytes, addressed incarnation. */
function cmd(opcode: number, groupType: number, member: number, incarnation = 1): AqCommand {
  const req = toHex(encodeAdminCmd({ opcode, groupType, member }));
  return { cid: 0, tag: 't', q: 0, req, resultLen: 0, opcode, groupType, member, incarnation, epoch: 0,
    phase: 'processing' };
}

const vfs = (n: number): Command => ({ op: 'sriov.enable', numVFs: n });

describe('admin validation oracle: what the spec requires, in the spec\'s order', () => {
  it('reads opcode, group_type and le64 group_member_id at the header offsets 0, 2 and 16', () => {
    const req = new Uint8Array(24);
    req.set([0x31, 0x00, 0x01, 0x00], 0);
    req.set([0x02, 0x01, 0, 0, 0, 0, 0, 0], 16);
    expect(adminAddress(req)).toEqual({ opcode: 0x31, groupType: 1, member: 0x102 });
  });

  it('INVALID_GROUP: a reserved group type; SR-IOV without the capability; SR-IOV with VF Enable = 0', () => {
    const on = stateAfter({}, [vfs(2)]);
    expect(requiredValidationFailure(on, cmd(0x0, 2, 0))).toBe(Q_GROUP);
    expect(requiredValidationFailure(stateAfter({ sriov: false, totalVFs: 0 }), cmd(0x0, SRIOV, 0))).toBe(Q_GROUP);
    expect(requiredValidationFailure(stateAfter({}), cmd(0x3, SRIOV, 1))).toBe(Q_GROUP);
    expect(requiredValidationFailure(on, cmd(0x3, SRIOV, 1))).toBeNull();
  });

  it('LIST_QUERY/LIST_USE with VF Enable = 0: accepted by default, INVALID_GROUP under listCommandsNeedVfEnable (the ' +
      'letter of the spec)', () => {
    expect(requiredValidationFailure(stateAfter({}), cmd(0x0, SRIOV, 0))).toBeNull();
    expect(requiredValidationFailure(stateAfter({ listCommandsNeedVfEnable: true }), cmd(0x1, SRIOV, 0))).toBe(Q_GROUP);
  });

  it('INVALID_OPCODE: an opcode the device does not offer for the group type, or not in use', () => {
    const s = stateAfter({}, [vfs(2)]);
    expect(requiredValidationFailure(s, cmd(0x7, SELF, 0))).toBe(Q_OPCODE); // CAP_ID_LIST_QUERY: never offered
    expect(requiredValidationFailure(s, cmd(0x3, SELF, 0))).toBe(Q_OPCODE); // legacy: SR-IOV group only
    // offered, but the Self in-use set is {0, 1}
    expect(requiredValidationFailure(s, cmd(0x100, SELF, 0))).toBe(Q_OPCODE);
    s.aq.inUse[SELF] = [0, 1, 0x100];
    expect(requiredValidationFailure(s, cmd(0x100, SELF, 0))).toBeNull();
    s.aq.inUse[SRIOV] = [0, 1];
    expect(requiredValidationFailure(s, cmd(0x3, SRIOV, 1))).toBe(Q_OPCODE);
  });

  it('an opcode in use but not offered (legacy: false, netAdminCtrl on blk) is still INVALID_OPCODE', () => {
    const noLegacy = stateAfter({ legacy: false, legacyNotifyInfo: false }, [vfs(1)]);
    noLegacy.aq.inUse[SRIOV] = [0, 1, 2, 3, 4, 5, 6];
    expect(requiredValidationFailure(noLegacy, cmd(0x3, SRIOV, 1))).toBe(Q_OPCODE);
    const notify = stateAfter({ legacyNotifyInfo: false }, [vfs(1)]);
    notify.aq.inUse[SRIOV] = [0, 1, 2, 3, 4, 5, 6];
    expect([requiredValidationFailure(notify, cmd(0x3, SRIOV, 1)),
      requiredValidationFailure(notify, cmd(0x6, SRIOV, 1))]).toEqual([null, Q_OPCODE]);
    const blk = stateAfter({ deviceType: 'blk', vfQueues: 1 }, [vfs(1)]);
    blk.aq.inUse[SRIOV] = [0, 1, 0x100];
    expect(requiredValidationFailure(blk, cmd(0x100, SRIOV, 1))).toBe(Q_OPCODE);
  });

  it('follows extOpcodes: a renumbered extension answers at its new number only', () => {
    const s = stateAfter({ extOpcodes: { VTWIN_EXT_VF_MSIX_GET: 0x7e00 } }, [vfs(1)]);
    s.aq.inUse[SRIOV] = [0, 1, 0x31, 0x7e00];
    expect(requiredValidationFailure(s, cmd(0x7e00, SRIOV, 1))).toBeNull();
    expect(requiredValidationFailure(s, cmd(0x31, SRIOV, 1))).toBe(Q_OPCODE);
    expect([adminOpcodeName(0x7e00, s.config), adminOpcodeName(0x31, s.config),
      adminOpcodeName(0x30, s.config)]).toEqual([
      'VTWIN_EXT_VF_MSIX_GET',
      'OPCODE_0x31',
      'VTWIN_EXT_VF_MSIX_SET',
    ]);
    expect(adminOpcodeName(0x8, s.config)).toBe('DEVICE_CAP_GET');
  });

  it('INVALID_MEMBER: Self commands use member 0; SR-IOV commands a live VF 1..NumVFs; LIST_QUERY/LIST_USE leave ' +
      'it unused (any value passes) unless listMemberMustBeZero', () => {
    const s = stateAfter({}, [vfs(2)]);
    s.aq.inUse[SELF] = [0, 1, 0x100];
    expect(requiredValidationFailure(s, cmd(0x100, SELF, 1))).toBe(Q_MEMBER);
    expect(requiredValidationFailure(s, cmd(0x0, SRIOV, 1))).toBeNull();
    expect(requiredValidationFailure(s, cmd(0x1, SELF, 7))).toBeNull();
    const strict = stateAfter({ listMemberMustBeZero: true }, [vfs(2)]);
    expect(requiredValidationFailure(strict, cmd(0x0, SRIOV, 1))).toBe(Q_MEMBER);
    expect(requiredValidationFailure(strict, cmd(0x1, SELF, 7))).toBe(Q_MEMBER);
    expect(requiredValidationFailure(s, cmd(0x3, SRIOV, 0))).toBe(Q_MEMBER);
    expect(requiredValidationFailure(s, cmd(0x3, SRIOV, 3))).toBe(Q_MEMBER);
    expect(requiredValidationFailure(s, cmd(0x3, SRIOV, 2))).toBeNull();
  });

  it('memberIncarnation "fail": a command for an incarnation that no longer lives is INVALID_MEMBER; "apply" lands it',
      () => {
    const reborn = [vfs(2), { op: 'sriov.disable' }, vfs(2)] as Command[];
    expect(requiredValidationFailure(stateAfter({ memberIncarnation: 'fail' }, reborn), cmd(0x3, SRIOV, 1, 1))).toBe(
      Q_MEMBER);
    expect(requiredValidationFailure(stateAfter({ memberIncarnation: 'fail' }, reborn),
      cmd(0x3, SRIOV, 1, 2))).toBeNull();
    expect(requiredValidationFailure(stateAfter({ memberIncarnation: 'apply' }, reborn),
      cmd(0x3, SRIOV, 1, 1))).toBeNull();
  });

  it('checks group before opcode before member', () => {
    const off = stateAfter({});
    expect(requiredValidationFailure(off, cmd(0x7ff0, 7, 99))).toBe(Q_GROUP);
    expect(requiredValidationFailure(off, cmd(0x7ff0, SRIOV, 99))).toBe(Q_GROUP);
    const on = stateAfter({}, [vfs(2)]);
    expect(requiredValidationFailure(on, cmd(0x7ff0, SRIOV, 99))).toBe(Q_OPCODE);
    expect(requiredValidationFailure(on, cmd(0x7, SELF, 5))).toBe(Q_OPCODE);
  });
});

/** Feed the rule a submission, the scheduler's pick, then a crafted completion; its messages. */
function judgeCompletion(rule: Rule, s: TwinState, c: AqCommand, status: number, qualifier: number): string[] {
  const mon = new RuleMonitor([rule]);
  const messages = () => mon.violations.map((v) => v.message);
  let seq = 0;
  const apply = (body: EventBody) => {
    const e = { ...body, seq: seq++, tick: 0, cause: 0 } as Event;
    mon.before(s, e);
    evolve(s, e);
    mon.after(s, e);
  };
  const a = adminAddress(Buffer.from(c.req, 'hex'));
  apply({ type: 'aq/submitted', q: 0, cid: s.aq.nextCid, tag: 'x', req: c.req, resultLen: 0, ...a,
    incarnation: c.incarnation, epoch: s.sriov.epoch });
  const cid = s.aq.nextCid - 1;
  apply({ type: 'aq/started', q: 0, cid });
  mon.command(s, { op: 'device.run', item: { kind: 'aq.complete', q: 0, cid, tag: 'x' } }, seq);
  apply({ type: 'aq/completed', q: 0, cid, status, qualifier, result: '', usedLen: 8 });
  return messages();
}

describe('device.aq.validation-order judges crafted completions by the spec, not by the device', () => {
  it('flags an invalid command the device answered OK, naming the qualifier the spec requires', () => {
    expect(judgeCompletion(validationOrder as Rule, stateAfter({}, [vfs(2)]), cmd(0x3, SRIOV, 5), OK, Q_OK)).toEqual([
      'cid 0 should fail EINVAL/INVALID_MEMBER but completed OK/OK',
    ]);
  });

  it('flags the wrong qualifier, and a valid command failed as invalid', () => {
    expect(judgeCompletion(validationOrder as Rule, stateAfter({}), cmd(0x3, SRIOV, 5), EINVAL, Q_MEMBER)).toEqual([
      expect.stringMatching(/should fail EINVAL\/INVALID_GROUP but completed EINVAL\/INVALID_MEMBER$/),
    ]);
    expect(judgeCompletion(validationOrder as Rule, stateAfter({}, [vfs(2)]), cmd(0x3, SRIOV, 2), EINVAL,
      Q_OPCODE)).toEqual([
      expect.stringMatching(/is valid but failed EINVAL\/INVALID_OPCODE$/),
    ]);
  });

  it('accepts the completion the spec requires', () => {
    expect(judgeCompletion(validationOrder as Rule, stateAfter({}), cmd(0x3, SRIOV, 5), EINVAL, Q_GROUP)).toEqual([]);
    expect(judgeCompletion(validationOrder as Rule, stateAfter({}, [vfs(2)]), cmd(0x3, SRIOV, 2), OK, Q_OK)).toEqual(
      []);
  });
});
