/**
 * The device-writable part of an admin command as the driver lays it out (virtio 1.4 §2.13
 * Administration Virtqueues): its total length, how it is split into a status descriptor and a
 * result descriptor, and the stale bytes it held before the device wrote. The device sees one
 * writable buffer, whatever the descriptors: it writes the 8-byte status block and then the result
 * sequentially, only what fits, and reports the bytes written as the used length. How the driver
 * then reads its two descriptors is `driverView` (Linux: status from the first, result from the
 * start of the second, result length = used length - 8).
 */
import { ADMIN_CMD_STATUS_BYTES, ADMIN_STATUS_OFF_QUALIFIER, ADMIN_STATUS_OFF_STATUS } from '../spec/constants.js';
import { fromHex, toHex } from '../../util/hex.js';

/** The `writable` of an `aq.submit` (README "Steps"). */
export interface WritableSpec {
  /** Total bytes of the device-writable part (may be shorter than the 8-byte status block). */
  bytes?: number;
  /** [status descriptor bytes, result descriptor bytes]; they add up to the total. */
  split?: [number, number];
  /** Hex: what the buffer held before the device wrote (status part first); the rest reads 0. */
  preload?: string;
}

export interface WritableLayout {
  bytes: number;
  split: [number, number];
  preload: Uint8Array;
}

/**
 * The layout a submit describes. `resultLen` is the result size the command otherwise has
 * (`resultBytes`, or the opcode's natural size). Default: Linux's layout, an 8-byte status
 * descriptor and a result descriptor of `resultLen` bytes.
 */
export function writableLayout(spec: WritableSpec | undefined, resultLen: number): WritableLayout {
  const bytes = spec?.bytes ?? (spec?.split ? spec.split[0] + spec.split[1] : ADMIN_CMD_STATUS_BYTES + resultLen);
  const first = Math.min(bytes, ADMIN_CMD_STATUS_BYTES);
  const split = spec?.split ?? [first, bytes - first];
  const preload = new Uint8Array(bytes);
  if (spec?.preload) preload.set(fromHex(spec.preload).subarray(0, bytes));
  return { bytes, split: [split[0], split[1]], preload };
}

/** Why a `writable` cannot describe a buffer, or null. */
export function writableProblem(spec: WritableSpec, resultLen: number): [field: string, expected: string] | null {
  if (spec.split && spec.bytes !== undefined && spec.split[0] + spec.split[1] !== spec.bytes) {
    return ['split', `two lengths adding up to bytes (${spec.bytes}), got ${spec.split[0]} + ${spec.split[1]}`];
  }
  const { bytes } = writableLayout(spec, resultLen);
  const preload = spec.preload === undefined ? 0 : fromHex(spec.preload).length;
  if (preload > bytes) return ['preload', `at most ${bytes} bytes (the writable part's length), got ${preload}`];
  return null;
}

/** What the driver finds in its buffers after the device used `usedLen` bytes. */
export interface DriverView {
  /** le16 at the start of the status descriptor (0 where nothing was written or preloaded). */
  status: number;
  /** What Linux hands its caller: the result descriptor's first (used length - 8) bytes (hex). */
  result: string;
  /** The result descriptor from the first byte the device did not write: stale bytes (hex). */
  resultBeyond: string;
}

/**
 * The driver's view of a completion: the device wrote the status block and `result` (the bytes
 * after the status block it wrote, hex) sequentially over the layout, `usedLen` bytes in all.
 */
export function driverView(layout: WritableLayout, status: number, qualifier: number, result: string,
    usedLen: number): DriverView {
  const written = new Uint8Array(ADMIN_CMD_STATUS_BYTES + result.length / 2);
  written[ADMIN_STATUS_OFF_STATUS] = status & 0xff;
  written[ADMIN_STATUS_OFF_STATUS + 1] = (status >> 8) & 0xff;
  written[ADMIN_STATUS_OFF_QUALIFIER] = qualifier & 0xff;
  written[ADMIN_STATUS_OFF_QUALIFIER + 1] = (qualifier >> 8) & 0xff;
  written.set(fromHex(result), ADMIN_CMD_STATUS_BYTES);
  const buf = layout.preload.slice();
  const n = Math.min(usedLen, layout.bytes, written.length);
  buf.set(written.subarray(0, n));
  const [first] = layout.split;
  const statusBuf = buf.subarray(0, first);
  const resultLen = Math.max(0, usedLen - ADMIN_CMD_STATUS_BYTES);
  return {
    status: (statusBuf[0] ?? 0) | ((statusBuf[1] ?? 0) << 8),
    result: toHex(buf.subarray(first, Math.min(layout.bytes, first + resultLen))),
    resultBeyond: toHex(buf.subarray(Math.max(first, n))),
  };
}
