/**
 * The rules' own reading of the legacy register map ("Legacy Interfaces: A Note on PCI Device
 * Layout", "Legacy Interface" commands) and of the NOTIFY_INFO notification addresses. Written
 * apart from src/domain/legacy on purpose: an oracle that shared the device's decoding would agree
 * with the device's bugs.
 */
import type { AqCommand } from '../domain/adminq/types.js';
import type { TwinState } from '../domain/state.js';
import { legacyDeviceFeatures } from '../domain/legacy/features.js';
import { BLK_SEG_MAX, BLK_SIZE } from '../domain/legacy/registers.js';
import { ADMIN_CMD_HDR_BYTES, VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import { decodeAdminHeader } from '../wire/adminCmd.js';
import { fromHex, toHex } from '../util/hex.js';

export interface LegacyCmd {
  cid: number;
  opcode: number;
  fn: number;
  common: boolean;
  read: boolean;
  offset: number;
  size: number;
  /** Write data (little-endian). */
  data: Uint8Array;
}

// Several rules look at the same command in one step, one after another: decode its bytes once.
// One entry is enough (a WeakMap lookup cost more than the rest of those rules' command hooks).
let lastCmd: Readonly<AqCommand> | null = null;
let lastDecoded: LegacyCmd | null = null;

/** A legacy CFG command (0x2-0x5) as the spec lays it out, or null for any other command. */
export function legacyCmd(c: Readonly<AqCommand>): LegacyCmd | null {
  if (c.opcode < 0x2 || c.opcode > 0x5) return null;
  if (c !== lastCmd) {
    lastDecoded = decodeLegacyCmd(c);
    lastCmd = c;
  }
  return lastDecoded;
}

const NO_BYTES = new Uint8Array(0);

function decodeLegacyCmd(c: Readonly<AqCommand>): LegacyCmd {
  const req = fromHex(c.req);
  // command_specific_data follows the header: read in place (a view per command cost more than the rest).
  const dataLen = Math.max(0, req.length - ADMIN_CMD_HDR_BYTES);
  const read = c.opcode === 0x3 || c.opcode === 0x5;
  const bytes = !read && dataLen > 8
    ? new Uint8Array(req.buffer, req.byteOffset + ADMIN_CMD_HDR_BYTES + 8, dataLen - 8) : NO_BYTES;
  return {
    cid: c.cid,
    opcode: c.opcode,
    fn: decodeAdminHeader(req).member,
    common: c.opcode <= 0x3,
    read,
    offset: dataLen > 0 ? req[ADMIN_CMD_HDR_BYTES]! : 0,
    size: read ? c.resultLen : bytes.length,
    data: bytes,
  };
}

// [offset, size] of every field.
const COMMON: readonly (readonly [number, number])[] =
  [[0, 4], [4, 4], [8, 4], [12, 2], [14, 2], [16, 2], [18, 1], [19, 1]];
const MSIX_EXTRA: readonly (readonly [number, number])[] = [[20, 2], [22, 2]];
const COMMON_MSIX = [...COMMON, ...MSIX_EXTRA];
const NET: readonly (readonly [number, number])[] = [[0, 6], [6, 2]];
const BLK: readonly (readonly [number, number])[] = [
  [0, 8], [8, 4], [12, 4], [16, 2], [18, 1], [19, 1], [20, 4], [24, 1], [25, 1], [26, 2], [28, 4], [32, 1], [33, 1],
    [34, 2],
];

function fieldsOf(s: Readonly<TwinState>, fn: number, common: boolean): readonly (readonly [number, number])[] {
  if (common) return s.fns[fn]!.msix.enabled ? COMMON_MSIX : COMMON;
  return s.config.deviceType === 'net' ? NET : BLK;
}

/**
 * Whether [offset, offset+size) is an access the device must accept. Common header: it refers to
 * a single field, per config.legacyFieldMatch. Device config: it lies inside the region, whatever
 * its width and alignment (a legacy driver MAY use any width there and a transitional device MUST
 * present the same results: virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout).
 */
export function isSingleField(s: Readonly<TwinState>, fn: number, common: boolean, offset: number,
    size: number): boolean {
  if (size <= 0) return false;
  const fields = fieldsOf(s, fn, common);
  if (!common) {
    const last = fields[fields.length - 1]!;
    return offset >= 0 && offset + size <= last[0] + last[1];
  }
  const within = s.config.legacyFieldMatch === 'within';
  for (const [o, n] of fields) {
    if (offset < o || offset + size > o + n) continue;
    return within || (offset === o && size === n);
  }
  return false;
}

function put(img: Uint8Array, off: number, size: number, v: number): void {
  for (let i = 0; i < size; i++) {
    img[off + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Bytes [offset, offset + size) of the region, in hex (a register's value as a legacy read returns it). */
export function registerHex(s: Readonly<TwinState>, fn: number, common: boolean, offset: number, size: number): string {
  return toHex(regionImage(s, fn, common), offset, offset + size);
}

/** The region as a legacy driver would see it byte by byte, from state. */
export function regionImage(s: Readonly<TwinState>, fn: number, common: boolean): Uint8Array {
  const f = s.fns[fn]!;
  if (common) {
    const l = f.legacy;
    const q = l.queues[l.queueSel];
    const img = new Uint8Array(f.msix.enabled ? 24 : 20);
    put(img, 0, 4, legacyDeviceFeatures(s.config));
    put(img, 4, 4, l.driverFeatures);
    put(img, 8, 4, q ? q.pfn : 0);
    put(img, 12, 2, q ? s.config.legacyQueueSize : 0);
    put(img, 14, 2, l.queueSel);
    put(img, 18, 1, l.status);
    put(img, 19, 1, f.msix.isr);
    if (f.msix.enabled) {
      put(img, 20, 2, f.msix.configVector);
      put(img, 22, 2, f.msix.queueVectors[l.queueSel] ?? VIRTIO_MSI_NO_VECTOR);
    }
    return img;
  }
  if (s.config.deviceType === 'net') {
    const img = new Uint8Array(8);
    img.set(fromHex(f.net.mac), 0);
    put(img, 6, 2, f.net.status);
    return img;
  }
  const img = new Uint8Array(36);
  put(img, 0, 8, s.config.blkCapacity);
  put(img, 12, 4, BLK_SEG_MAX);
  put(img, 20, 4, BLK_SIZE);
  put(img, 32, 1, f.legacy.writeback);
  put(img, 34, 2, s.config.vfQueues);
  return img;
}

/** Which VF a BAR write should notify, from the configured NOTIFY_INFO entries (0 = none). */
export function expectedTarget(s: Readonly<TwinState>, fn: number, bar: number, offset: number): number {
  if (!s.config.legacy || !s.config.legacyNotifyInfo || !s.sriov.vfEnable) return 0;
  for (const e of s.config.legacyNotify) {
    if (e.bar !== bar) continue;
    if (e.flags === 'member' && fn >= 1 && offset === e.offset) return s.fns[fn]?.life.alive ? fn : 0;
    if (e.flags === 'owner' && fn === 0 && offset >= e.offset && (offset - e.offset) % e.stride === 0) {
      const n = (offset - e.offset) / e.stride + 1;
      return n <= s.sriov.numVFs && s.fns[n]!.life.alive ? n : 0;
    }
  }
  return 0;
}
