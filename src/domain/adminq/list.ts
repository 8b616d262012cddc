/**
 * LIST_QUERY (0x0) and LIST_USE (0x1): virtio 1.4 §2.12.1 Group administration commands, device
 * requirements. Both are group-wide (member 0) and per group type.
 * - QUERY: result = bitmap of opcodes supported for the group type (bits 0 and 1 always set).
 * - USE: data = bitmap of opcodes the driver will use; anything outside it then fails with
 *   EINVAL / INVALID_OPCODE. After reset the in-use set is {QUERY, USE}. The driver may lock
 *   itself out by clearing bits 0 and 1.
 */
import { z } from 'zod';
import {
  VIRTIO_ADMIN_CMD_LIST_QUERY,
  VIRTIO_ADMIN_CMD_LIST_USE,
  VIRTIO_ADMIN_GROUP_TYPE_SELF,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_ADMIN_STATUS_Q_OK,
} from '../spec/constants.js';
import type { DeviceConfig } from '../config.js';
import { decodeOpcodeBitmap, encodeOpcodeBitmap } from '../../wire/bitmap.js';
import type { OpcodeHandler, OpcodeTable } from './handler.js';

const SECTION = 'virtio 1.4 §2.12.1 Group administration commands — LIST_QUERY, LIST_USE';

export const listQuery: OpcodeHandler = {
  opcode: VIRTIO_ADMIN_CMD_LIST_QUERY,
  name: 'LIST_QUERY',
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: SECTION,
  groupWide: true,
  supported: () => true,
  resultBytes: () => 8,
  execute: ({ state, hdr, opcodes }) => ({
    status: VIRTIO_ADMIN_STATUS_OK,
    qualifier: VIRTIO_ADMIN_STATUS_Q_OK,
    result: encodeOpcodeBitmap(opcodes.supportedOpcodes(state.config, hdr.groupType)),
  }),
};

const opcodeRef = z.union([z.int().min(0).max(0xffff), z.string().min(1)]);
const listUseParams = z.strictObject({ opcodes: z.array(opcodeRef) });
type ListUseParams = z.output<typeof listUseParams>;

export const listUse: OpcodeHandler<ListUseParams> = {
  opcode: VIRTIO_ADMIN_CMD_LIST_USE,
  name: 'LIST_USE',
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: SECTION,
  groupWide: true,
  supported: () => true,
  params: listUseParams,
  encode: (p, { opcodes, config }) => encodeOpcodeBitmap(p.opcodes.map((ref) => resolveOpcode(ref, opcodes, config))),
  resultBytes: () => 0,
  execute: ({ state, hdr, data, opcodes }) => {
    const wanted = decodeOpcodeBitmap(data);
    const supported = opcodes.supportedOpcodes(state.config, hdr.groupType);
    // The device MAY reject a set it cannot honour; asking for an opcode it never reported is
    // the clearest such case (EINVAL / INVALID_FIELD, as the LIST_USE text intends).
    const effects = [{ type: 'aq/inUseSet' as const, groupType: hdr.groupType, opcodes: wanted }];
    if (wanted.some((op) => !supported.includes(op))) {
      // `effects` is what a sloppy device would apply anyway; the caller drops it on error.
      return { status: VIRTIO_ADMIN_STATUS_EINVAL, qualifier: VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD, effects };
    }
    return { status: VIRTIO_ADMIN_STATUS_OK, qualifier: VIRTIO_ADMIN_STATUS_Q_OK, effects };
  },
};

/** An opcode by number, or by name at the number this device gives it (`extOpcodes` may move an extension). */
function resolveOpcode(ref: number | string, opcodes: OpcodeTable, config: DeviceConfig | undefined): number {
  if (typeof ref === 'number') return ref;
  const op = opcodes.opcodeByName(ref, config);
  if (op === undefined) throw new RangeError(`unknown opcode name ${JSON.stringify(ref)}`);
  return op;
}

/** The LIST_* family, for the composition root's opcode table. */
export const LIST_HANDLERS = [listQuery, listUse] as const;

/**
 * In-use set after the PF driver's probe (docs/linux-qemu-vfio.md#pf-driver-bring-up): right
 * after DRIVER_OK Linux sends LIST_QUERY then LIST_USE for the SR-IOV group. If the device follows
 * the letter of the spec (LIST_* need VF Enable), that LIST_QUERY fails and the set stays
 * {QUERY, USE}.
 */
export function linuxBringUpInUse(config: DeviceConfig, opcodes: OpcodeTable): number[] {
  if (!config.adminVq || !config.sriov || config.listCommandsNeedVfEnable) return [0, 1];
  return opcodes.supportedOpcodes(config, VIRTIO_ADMIN_GROUP_TYPE_SRIOV);
}
