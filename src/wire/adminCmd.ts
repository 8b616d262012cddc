/**
 * `struct virtio_admin_cmd` ("Administration Virtqueues"), byte-exact, little-endian.
 *
 * Device-readable part (24-byte header, Linux `virtio_admin_cmd_hdr`):
 * | off | size | field                   |
 * |-----|------|-------------------------|
 * | 0   | 2    | le16 opcode             |
 * | 2   | 2    | le16 group_type         |
 * | 4   | 12   | u8 reserved1[12]        |
 * | 16  | 8    | le64 group_member_id    |
 * | 24  | ...  | command_specific_data[] |
 *
 * Device-writable part (8-byte status block, Linux `virtio_admin_cmd_status`):
 * | 0 | 2 | le16 status | 2 | 2 | le16 status_qualifier | 4 | 4 | reserved2 | 8 | ... | result[] |
 *
 * Short buffers read as zero and long ones are ignored: a device never fails for length alone.
 */
import {
  ADMIN_CMD_HDR_BYTES,
  ADMIN_CMD_STATUS_BYTES,
  ADMIN_HDR_OFF_GROUP_TYPE,
  ADMIN_HDR_OFF_MEMBER,
  ADMIN_HDR_OFF_OPCODE,
  ADMIN_STATUS_OFF_QUALIFIER,
  ADMIN_STATUS_OFF_STATUS,
} from '../domain/spec/constants.js';
import { readLe, readLe64, writeLe } from './bytes.js';

export interface AdminHeader {
  opcode: number;
  groupType: number;
  /** group_member_id; -1 when the le64 does not fit a JS integer (never a valid member). */
  member: number;
}

export function encodeAdminCmd(h: AdminHeader, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(ADMIN_CMD_HDR_BYTES + data.length);
  writeLe(out, ADMIN_HDR_OFF_OPCODE, 2, h.opcode);
  writeLe(out, ADMIN_HDR_OFF_GROUP_TYPE, 2, h.groupType);
  writeLe(out, ADMIN_HDR_OFF_MEMBER, 8, Math.max(0, h.member));
  out.set(data, ADMIN_CMD_HDR_BYTES);
  return out;
}

export function decodeAdminHeader(req: Uint8Array): AdminHeader {
  const member = readLe64(req, ADMIN_HDR_OFF_MEMBER);
  return {
    opcode: readLe(req, ADMIN_HDR_OFF_OPCODE, 2),
    groupType: readLe(req, ADMIN_HDR_OFF_GROUP_TYPE, 2),
    member: member ?? -1,
  };
}

/** command_specific_data: everything after the header (empty when the buffer is short). */
export function commandData(req: Uint8Array): Uint8Array {
  return req.length > ADMIN_CMD_HDR_BYTES ? req.subarray(ADMIN_CMD_HDR_BYTES) : new Uint8Array(0);
}

/**
 * The writable part as the device fills it: status block then result, truncated to what the
 * driver provided (`statusBytes` + `resultLen`). Returns the bytes and the used length.
 */
export function encodeWritable(
  status: number,
  qualifier: number,
  result: Uint8Array,
  resultLen: number,
  statusBytes = ADMIN_CMD_STATUS_BYTES,
): { bytes: Uint8Array; usedLen: number } {
  const bytes = new Uint8Array(statusBytes + resultLen);
  writeLe(bytes, ADMIN_STATUS_OFF_STATUS, 2, status);
  writeLe(bytes, ADMIN_STATUS_OFF_QUALIFIER, 2, qualifier);
  const n = Math.min(result.length, resultLen);
  if (statusBytes >= ADMIN_CMD_STATUS_BYTES) bytes.set(result.subarray(0, n), statusBytes);
  return { bytes, usedLen: Math.min(statusBytes, ADMIN_CMD_STATUS_BYTES)
    + (statusBytes >= ADMIN_CMD_STATUS_BYTES ? n : 0) };
}

export function decodeWritable(bytes: Uint8Array): { status: number; qualifier: number; result: Uint8Array } {
  return {
    status: readLe(bytes, ADMIN_STATUS_OFF_STATUS, 2),
    qualifier: readLe(bytes, ADMIN_STATUS_OFF_QUALIFIER, 2),
    result: bytes.length > ADMIN_CMD_STATUS_BYTES ? bytes.subarray(ADMIN_CMD_STATUS_BYTES) : new Uint8Array(0),
  };
}
