/**
 * LEGACY_COMMON_CFG_WRITE/READ (0x2/0x3), LEGACY_DEV_CFG_WRITE/READ (0x4/0x5) and
 * LEGACY_NOTIFY_INFO (0x6): "Device groups / Group administration commands / Legacy Interface".
 * SR-IOV group only; group_member_id = the VF.
 *
 * | opcode | command_specific_data                            | command_specific_result    |
 * |--------|--------------------------------------------------|----------------------------|
 * | 0x2/4  | u8 offset; u8 reserved[7]; u8 data[] (at +8)     | none                       |
 * | 0x3/5  | u8 offset (Linux: exactly this byte, 25 B total) | u8 data[result length]     |
 * | 0x6    | none                                             | notify_info entries[4] (64)|
 *
 * The read length is the result buffer's length (Linux passes exactly the access size). The
 * device offers all four CFG commands or none (config `legacy`), and NOTIFY_INFO only with them.
 */
import { z } from 'zod';
import type { ExecInput, OpcodeHandler } from '../adminq/handler.js';
import {
  VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ,
  VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE,
  VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ,
  VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE,
  VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_OK,
} from '../spec/constants.js';
import { fromHex, normaliseHex } from '../../util/hex.js';
import { writeLe } from '../../wire/bytes.js';
import type { Space } from './layout.js';
import { encodeNotifyInfo } from './notify.js';
import { accessLegacy } from './registers.js';
import { LEGACY_RD_OFF_OFFSET, LEGACY_WR_OFF_DATA, LEGACY_WR_OFF_OFFSET } from '../spec/legacy.js';

const SECTION = 'virtio 1.4 §2.12.1.1 Legacy Interfaces';
const GROUPS = [VIRTIO_ADMIN_GROUP_TYPE_SRIOV] as const;

const hex = z.string().refine((v) => normaliseHex(v) !== null, { message: 'expected a hex string' });

const writeParams = z
  .strictObject({
    /** Byte offset within the region (u8). */
    offset: z.int().min(0).max(255),
    /** Register bytes, little-endian hex ("01", "0010"). */
    data: hex.optional(),
    /** Or a value and a size in bytes, encoded little-endian. */
    value: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    size: z.int().min(1).max(8).optional(),
  })
  .refine((p) => (p.data !== undefined) !== (p.value !== undefined && p.size !== undefined), {
    message: 'expected either data (hex) or value and size',
  });
type WriteParams = z.output<typeof writeParams>;

/** Defaults read the 4-byte device features at offset 0. */
const readParams = z.strictObject({ offset: z.int().min(0).max(255).default(0),
  size: z.int().min(0).max(255).default(4) });
type ReadParams = z.output<typeof readParams>;

function writeBytes(p: WriteParams): Uint8Array {
  if (p.data !== undefined) return fromHex(p.data);
  const b = new Uint8Array(p.size!);
  writeLe(b, 0, p.size!, p.value!);
  return b;
}

/** Decode `u8 offset; u8 reserved[7]; u8 data[]`; short buffers read as zero. */
function decodeWrite(data: Uint8Array): { offset: number; bytes: Uint8Array } {
  return { offset: data[LEGACY_WR_OFF_OFFSET] ?? 0, bytes: data.length > LEGACY_WR_OFF_DATA
    ? data.subarray(LEGACY_WR_OFF_DATA) : new Uint8Array(0) };
}

function writeHandler(opcode: number, name: string, space: Space): OpcodeHandler<WriteParams> {
  return {
    opcode,
    name,
    groups: GROUPS,
    section: `${SECTION} / Legacy ${space === 'common' ? 'Common' : 'Device'} Configuration Write Command`,
    supported: (c) => c.legacy,
    params: writeParams,
    dataParam: true,
    encode: (p) => {
      const bytes = writeBytes(p);
      const out = new Uint8Array(LEGACY_WR_OFF_DATA + bytes.length);
      out[LEGACY_WR_OFF_OFFSET] = p.offset;
      out.set(bytes, LEGACY_WR_OFF_DATA);
      return out;
    },
    resultBytes: () => 0,
    execute: ({ state, profile, hdr, data }: ExecInput) => {
      const w = decodeWrite(data);
      return accessLegacy(state, profile, hdr.member, { space, offset: w.offset, size: w.bytes.length, data: w.bytes });
    },
  };
}

function readHandler(opcode: number, name: string, space: Space): OpcodeHandler<ReadParams> {
  return {
    opcode,
    name,
    groups: GROUPS,
    section: `${SECTION} / Legacy ${space === 'common' ? 'Common' : 'Device'} Configuration Read Command`,
    supported: (c) => c.legacy,
    params: readParams,
    encode: (p) => Uint8Array.of(p.offset),
    resultBytes: (p) => p.size,
    execute: ({ state, profile, hdr, data, resultLen }: ExecInput) =>
      accessLegacy(state, profile, hdr.member, { space, offset: data[LEGACY_RD_OFF_OFFSET] ?? 0, size: resultLen }),
  };
}

export const legacyCommonCfgWrite = writeHandler(VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE, 'LEGACY_COMMON_CFG_WRITE',
  'common');
export const legacyCommonCfgRead = readHandler(VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ, 'LEGACY_COMMON_CFG_READ',
  'common');
export const legacyDevCfgWrite = writeHandler(VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE, 'LEGACY_DEV_CFG_WRITE', 'device');
export const legacyDevCfgRead = readHandler(VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ, 'LEGACY_DEV_CFG_READ', 'device');

export const legacyNotifyInfo: OpcodeHandler = {
  opcode: VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO,
  name: 'LEGACY_NOTIFY_INFO',
  groups: GROUPS,
  section: `${SECTION} / Legacy Driver Notification`,
  supported: (c) => c.legacy && c.legacyNotifyInfo,
  resultBytes: () => 64,
  execute: ({ state, hdr }) => ({
    status: VIRTIO_ADMIN_STATUS_OK,
    qualifier: VIRTIO_ADMIN_STATUS_Q_OK,
    result: encodeNotifyInfo(state.config, hdr.member),
  }),
};

export const LEGACY_HANDLERS = [legacyCommonCfgWrite, legacyCommonCfgRead, legacyDevCfgWrite, legacyDevCfgRead,
  legacyNotifyInfo] as const;
