/**
 * Spec names <-> numbers for admin status, status qualifier, opcodes and group types.
 * The JSON contract (README "CLI reference") prints these names ("OK", "EINVAL", "INVALID_MEMBER").
 */
import * as C from './constants.js';

export const STATUS_NAMES: Readonly<Record<number, string>> = {
  [C.VIRTIO_ADMIN_STATUS_OK]: 'OK',
  [C.VIRTIO_ADMIN_STATUS_ENXIO]: 'ENXIO',
  [C.VIRTIO_ADMIN_STATUS_EAGAIN]: 'EAGAIN',
  [C.VIRTIO_ADMIN_STATUS_ENOMEM]: 'ENOMEM',
  [C.VIRTIO_ADMIN_STATUS_EBUSY]: 'EBUSY',
  [C.VIRTIO_ADMIN_STATUS_EEXIST]: 'EEXIST',
  [C.VIRTIO_ADMIN_STATUS_EINVAL]: 'EINVAL',
  [C.VIRTIO_ADMIN_STATUS_ENOSPC]: 'ENOSPC',
};

export const QUALIFIER_NAMES: Readonly<Record<number, string>> = {
  [C.VIRTIO_ADMIN_STATUS_Q_OK]: 'OK',
  [C.VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND]: 'INVALID_COMMAND',
  [C.VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE]: 'INVALID_OPCODE',
  [C.VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD]: 'INVALID_FIELD',
  [C.VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP]: 'INVALID_GROUP',
  [C.VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER]: 'INVALID_MEMBER',
  [C.VIRTIO_ADMIN_STATUS_Q_NORESOURCE]: 'NORESOURCE',
  [C.VIRTIO_ADMIN_STATUS_Q_TRYAGAIN]: 'TRYAGAIN',
};

/**
 * Opcodes of the spec table (virtio 1.4 §2.12.1 Group administration commands). Extension opcodes
 * register their names at runtime.
 */
export const SPEC_OPCODE_NAMES: Readonly<Record<number, string>> = {
  [C.VIRTIO_ADMIN_CMD_LIST_QUERY]: 'LIST_QUERY',
  [C.VIRTIO_ADMIN_CMD_LIST_USE]: 'LIST_USE',
  [C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE]: 'LEGACY_COMMON_CFG_WRITE',
  [C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ]: 'LEGACY_COMMON_CFG_READ',
  [C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE]: 'LEGACY_DEV_CFG_WRITE',
  [C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ]: 'LEGACY_DEV_CFG_READ',
  [C.VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO]: 'LEGACY_NOTIFY_INFO',
  [C.VIRTIO_ADMIN_CMD_CAP_ID_LIST_QUERY]: 'CAP_ID_LIST_QUERY',
  [C.VIRTIO_ADMIN_CMD_DEVICE_CAP_GET]: 'DEVICE_CAP_GET',
  [C.VIRTIO_ADMIN_CMD_DRIVER_CAP_SET]: 'DRIVER_CAP_SET',
  [C.VIRTIO_ADMIN_CMD_RESOURCE_OBJ_CREATE]: 'RESOURCE_OBJ_CREATE',
  [C.VIRTIO_ADMIN_CMD_RESOURCE_OBJ_QUERY]: 'RESOURCE_OBJ_QUERY',
  [C.VIRTIO_ADMIN_CMD_RESOURCE_OBJ_MODIFY]: 'RESOURCE_OBJ_MODIFY',
  [C.VIRTIO_ADMIN_CMD_RESOURCE_OBJ_DESTROY]: 'RESOURCE_OBJ_DESTROY',
  [C.VIRTIO_ADMIN_CMD_DEV_PARTS_METADATA_GET]: 'DEV_PARTS_METADATA_GET',
  [C.VIRTIO_ADMIN_CMD_DEV_PARTS_GET]: 'DEV_PARTS_GET',
  [C.VIRTIO_ADMIN_CMD_DEV_PARTS_SET]: 'DEV_PARTS_SET',
  [C.VIRTIO_ADMIN_CMD_DEV_MODE_SET]: 'DEV_MODE_SET',
};

export const GROUP_TYPE_NAMES: Readonly<Record<number, string>> = {
  [C.VIRTIO_ADMIN_GROUP_TYPE_SELF]: 'SELF',
  [C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV]: 'SRIOV',
};

/** Group types the spec table allows per opcode: SR-IOV, Self, or both ("any"). */
export function specOpcodeGroups(opcode: number): readonly number[] {
  if (opcode === C.VIRTIO_ADMIN_CMD_LIST_QUERY || opcode === C.VIRTIO_ADMIN_CMD_LIST_USE) {
    return [C.VIRTIO_ADMIN_GROUP_TYPE_SELF, C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV];
  }
  if (opcode >= 0x2 && opcode <= 0x6) return [C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV];
  if (opcode >= 0x7 && opcode <= 0x9) return [C.VIRTIO_ADMIN_GROUP_TYPE_SELF];
  if (opcode >= 0xa && opcode <= 0xd) return [C.VIRTIO_ADMIN_GROUP_TYPE_SELF, C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV];
  if (opcode >= 0xe && opcode <= 0x11) return [C.VIRTIO_ADMIN_GROUP_TYPE_SRIOV];
  return [];
}

function invert(table: Readonly<Record<number, string>>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(table)) m.set(v, Number(k));
  return m;
}

const STATUS_BY_NAME = invert(STATUS_NAMES);
const QUALIFIER_BY_NAME = invert(QUALIFIER_NAMES);

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `STATUS_${status}`;
}
export function qualifierName(q: number): string {
  return QUALIFIER_NAMES[q] ?? `Q_${q}`;
}
export function statusByName(name: string): number | undefined {
  return STATUS_BY_NAME.get(name) ?? parseNumbered(name, 'STATUS_');
}
export function qualifierByName(name: string): number | undefined {
  const bare = name.startsWith('Q_') && QUALIFIER_BY_NAME.has(name.slice(2)) ? name.slice(2) : name;
  return QUALIFIER_BY_NAME.get(bare) ?? parseNumbered(name, 'Q_');
}

function parseNumbered(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const n = Number(name.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 && n <= 0xffff ? n : undefined;
}
