/**
 * Validation of an admin command as the device processes it ("Group administration commands",
 * device normative): bad group_type -> INVALID_GROUP; else a bad or not-in-use opcode ->
 * INVALID_OPCODE; else a bad member -> INVALID_MEMBER. All three are EINVAL with no side effects.
 *
 * The device's own checks: the rules never call this, they judge the device with their own
 * reading of the spec (src/rules/adminOracle.ts). Each predicate takes the handler the device's
 * opcode table has for the header's opcode (undefined: the device has none).
 */
import type { TwinState } from '../state.js';
import {
  VIRTIO_ADMIN_GROUP_TYPE_SELF,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE,
} from '../spec/constants.js';
import type { AdminHeader } from '../../wire/adminCmd.js';
import type { AnyHandler } from './handler.js';
import type { AqCommand } from './types.js';

/**
 * Group check. SR-IOV group: the PF has the capability and VF Enable = 1 (except the group-wide
 * LIST commands: docs/ambiguities.md#a3-list_query-and-list_use-while-vf-enable-is-0).
 */
export function groupValid(s: Readonly<TwinState>, h: AdminHeader, handler: AnyHandler | undefined): boolean {
  if (h.groupType === VIRTIO_ADMIN_GROUP_TYPE_SELF) return true;
  if (h.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV) return false;
  if (!s.config.sriov) return false;
  if (s.sriov.vfEnable) return true;
  const groupWide = handler?.groupWide === true;
  return groupWide && !s.config.listCommandsNeedVfEnable;
}

/** Opcode check: the device supports it for this group type and the driver put it in use. */
export function opcodeValid(s: Readonly<TwinState>, h: AdminHeader, handler: AnyHandler | undefined): boolean {
  if (!handler || !handler.groups.includes(h.groupType) || !handler.supported(s.config)) return false;
  return (s.aq.inUse[h.groupType] ?? []).includes(h.opcode);
}

/**
 * Member check, for commands that use group_member_id. Group-wide commands (LIST_QUERY, LIST_USE)
 * do not: the device ignores it, unless listMemberMustBeZero
 * (docs/ambiguities.md#a18-group_member_id-of-list_query-and-list_use). Self group: member 0.
 * SR-IOV group: a VF 1..NumVFs; with memberIncarnation = "fail" also the incarnation the driver
 * addressed when it submitted (the 2021 proposal's lifecycle rule).
 */
export function memberValid(
  s: Readonly<TwinState>,
  h: AdminHeader,
  handler: AnyHandler | undefined,
  cmd: Readonly<AqCommand>,
  checkIncarnation: boolean,
): boolean {
  if (handler?.groupWide === true) return !s.config.listMemberMustBeZero || h.member === 0;
  if (h.groupType === VIRTIO_ADMIN_GROUP_TYPE_SELF) return h.member === 0;
  if (h.member < 1 || h.member > s.sriov.numVFs) return false;
  const life = s.fns[h.member]!.life;
  if (!life.alive) return false;
  return !checkIncarnation || s.config.memberIncarnation !== 'fail' || life.incarnation === cmd.incarnation;
}

/** The qualifier a conforming device answers with, or null when the command is valid. */
export function validationFailure(
  s: Readonly<TwinState>,
  h: AdminHeader,
  handler: AnyHandler | undefined,
  cmd: Readonly<AqCommand>,
  opts: ValidationOpts = {},
): number | null {
  const checkInc = opts.checkIncarnation ?? true;
  if (!groupValid(s, h, handler)) return VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP;
  if (opts.memberBeforeOpcode && !memberValid(s, h, handler, cmd,
    checkInc)) return VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER;
  if (!opcodeValid(s, h, handler)) return VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE;
  if (!memberValid(s, h, handler, cmd, checkInc)) return VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER;
  return null;
}

/** How a (possibly deviating) device applies the checks; the defaults are the spec's. */
export interface ValidationOpts {
  memberBeforeOpcode?: boolean;
  checkIncarnation?: boolean;
}
