/**
 * The rules' own reading of admin command validation ("Device groups", "Group administration
 * commands", device normative). Written apart from src/domain/adminq on purpose: an oracle that
 * called the device's validation would agree with the device's bugs. It knows the spec's
 * constants, the device options as README documents them, the raw command bytes and state.
 *
 * What the spec requires, checked in this order (all EINVAL, no side effects):
 * 1. group_type not a group the device has -> INVALID_GROUP. The SR-IOV group exists only with
 *    the SR-IOV capability and VF Enable = 1 ("all group type 1 commands fail"); the option
 *    listCommandsNeedVfEnable = false lets LIST_QUERY/LIST_USE through while VF Enable = 0.
 * 2. opcode not offered for that group type, or not in the in-use set LIST_USE established ->
 *    INVALID_OPCODE.
 * 3. member not valid, for a command that uses it -> INVALID_MEMBER. LIST_QUERY/LIST_USE leave
 *    group_member_id unused ("The group_member_id is unused"), so any value passes, unless the
 *    option listMemberMustBeZero asks for 0. Otherwise the Self group's only member is 0; SR-IOV
 *    commands need a live VF 1..NumVFs, and with memberIncarnation "fail" the incarnation the
 *    driver addressed when it submitted.
 */
import type { AqCommand } from '../domain/adminq/types.js';
import type { DeviceConfig } from '../domain/config.js';
import { EXT_NET_ADMIN_CTRL, EXT_NET_ADMIN_CTRL_NAME } from '../domain/net/extension.js';
import { VTWIN_EXT_VF_MSIX_GET, VTWIN_EXT_VF_MSIX_SET } from '../domain/provision/handlers.js';
import {
  ADMIN_HDR_OFF_GROUP_TYPE,
  ADMIN_HDR_OFF_MEMBER,
  ADMIN_HDR_OFF_OPCODE,
  VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ,
  VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE,
  VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ,
  VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE,
  VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO,
  VIRTIO_ADMIN_CMD_LIST_QUERY,
  VIRTIO_ADMIN_CMD_LIST_USE,
  VIRTIO_ADMIN_GROUP_TYPE_SELF,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE,
} from '../domain/spec/constants.js';
import { SPEC_OPCODE_NAMES, specOpcodeGroups } from '../domain/spec/names.js';
import type { TwinState } from '../domain/state.js';
import { fromHex } from '../util/hex.js';
import { readLe } from '../wire/bytes.js';

/** The header fields validation looks at, read from the bytes at the spec's offsets. */
export interface AdminAddress {
  opcode: number;
  groupType: number;
  /** le64 group_member_id (ids beyond 2^53 read inexactly, but never as a valid member). */
  member: number;
}

export function adminAddress(req: Uint8Array): AdminAddress {
  return {
    opcode: readLe(req, ADMIN_HDR_OFF_OPCODE, 2),
    groupType: readLe(req, ADMIN_HDR_OFF_GROUP_TYPE, 2),
    member: readLe(req, ADMIN_HDR_OFF_MEMBER, 8),
  };
}

interface OpcodeEntry {
  name: string;
  groups: readonly number[];
  /** Whether a device with this config offers the opcode (README documents each option). */
  offered(c: DeviceConfig): boolean;
}

const spec = (opcode: number, offered: (c: DeviceConfig) => boolean): [number, OpcodeEntry] => [
  opcode,
  { name: SPEC_OPCODE_NAMES[opcode]!, groups: specOpcodeGroups(opcode), offered },
];

/**
 * Spec opcodes the twin can offer. LIST_QUERY/LIST_USE always; the four legacy CFG commands all
 * or none (`legacy`); NOTIFY_INFO only with them (`legacyNotifyInfo`). No other spec opcode.
 */
const SPEC_OFFERED = new Map<number, OpcodeEntry>([
  spec(VIRTIO_ADMIN_CMD_LIST_QUERY, () => true),
  spec(VIRTIO_ADMIN_CMD_LIST_USE, () => true),
  spec(VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE, (c) => c.legacy),
  spec(VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ, (c) => c.legacy),
  spec(VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE, (c) => c.legacy),
  spec(VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ, (c) => c.legacy),
  spec(VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO, (c) => c.legacy && c.legacyNotifyInfo),
]);

/**
 * The twin's extensions at their documented default numbers (`extOpcodes` moves them): VF MSI-X
 * provisioning whenever the PF has SR-IOV; the net admin control on net devices (`netAdminCtrl`).
 */
const EXTENSIONS: readonly (OpcodeEntry & { opcode: number })[] = [
  { opcode: VTWIN_EXT_VF_MSIX_SET, name: 'VTWIN_EXT_VF_MSIX_SET', groups: [VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
    offered: (c) => c.sriov },
  { opcode: VTWIN_EXT_VF_MSIX_GET, name: 'VTWIN_EXT_VF_MSIX_GET', groups: [VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
    offered: (c) => c.sriov },
  {
    opcode: EXT_NET_ADMIN_CTRL,
    name: EXT_NET_ADMIN_CTRL_NAME,
    groups: [VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
    offered: (c) => c.deviceType === 'net' && c.netAdminCtrl,
  },
];

/** Commands addressed to the group as a whole, which leave group_member_id unused. */
const GROUP_WIDE = new Set([VIRTIO_ADMIN_CMD_LIST_QUERY, VIRTIO_ADMIN_CMD_LIST_USE]);

// Built once per device config (a run keeps one): rules ask for every completed command. One entry
// is enough, and cheaper to look up than a WeakMap.
let lastConfig: DeviceConfig | null = null;
let lastTable = new Map<number, OpcodeEntry>();

function opcodeTable(config: DeviceConfig): Map<number, OpcodeEntry> {
  if (config === lastConfig) return lastTable;
  const t = new Map(SPEC_OFFERED);
  for (const x of EXTENSIONS) t.set(config.extOpcodes?.[x.name] ?? x.opcode, x);
  lastConfig = config;
  lastTable = t;
  return t;
}

/** The opcode's name on this device: spec name, extension name, or OPCODE_0x<n>. */
export function adminOpcodeName(opcode: number, config: DeviceConfig): string {
  return opcodeTable(config).get(opcode)?.name ?? SPEC_OPCODE_NAMES[opcode] ?? `OPCODE_0x${opcode.toString(16)}`;
}

function groupExists(s: Readonly<TwinState>, a: AdminAddress): boolean {
  if (a.groupType === VIRTIO_ADMIN_GROUP_TYPE_SELF) return true;
  if (a.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV || !s.config.sriov) return false;
  return s.sriov.vfEnable || (GROUP_WIDE.has(a.opcode) && !s.config.listCommandsNeedVfEnable);
}

function opcodeUsable(s: Readonly<TwinState>, a: AdminAddress): boolean {
  const entry = opcodeTable(s.config).get(a.opcode);
  if (!entry || !entry.groups.includes(a.groupType) || !entry.offered(s.config)) return false;
  return (s.aq.inUse[a.groupType] ?? []).includes(a.opcode);
}

/** `addressed`: the VF incarnation the driver addressed when it submitted (0 = none then). */
function memberValid(s: Readonly<TwinState>, a: AdminAddress, addressed: number): boolean {
  if (GROUP_WIDE.has(a.opcode)) return !s.config.listMemberMustBeZero || a.member === 0;
  if (a.groupType === VIRTIO_ADMIN_GROUP_TYPE_SELF) return a.member === 0;
  if (a.member < 1 || a.member > s.sriov.numVFs) return false;
  const life = s.fns[a.member]!.life;
  return life.alive && (s.config.memberIncarnation !== 'fail' || life.incarnation === addressed);
}

/**
 * The qualifier the spec requires for `cmd` processed in state `s` (EINVAL with it), or null
 * when the command passes validation.
 */
export function requiredValidationFailure(s: Readonly<TwinState>, cmd: Readonly<AqCommand>): number | null {
  const a = adminAddress(fromHex(cmd.req));
  if (!groupExists(s, a)) return VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP;
  if (!opcodeUsable(s, a)) return VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE;
  if (!memberValid(s, a, cmd.incarnation)) return VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER;
  return null;
}
