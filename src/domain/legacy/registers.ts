/**
 * What a legacy register access does to a VF: the device side of LEGACY_{COMMON,DEV}_CFG_{READ,WRITE}
 * ("Legacy Interface": each command MUST have the same effect as the legacy access, little-endian).
 * Returns the admin outcome; effects are applied by the admin queue only when the status is OK.
 *
 * Choices where the spec is silent (README): a write to a read-only field is ignored (status OK),
 * as a legacy device ignores it; Queue Notify reads as 0; a queue register for a queue that does
 * not exist reads 0 (size 0 is how a legacy driver detects an absent queue) and ignores writes.
 */
import type { ExecOutcome } from '../adminq/handler.js';
import type { EventBody } from '../events.js';
import type { Profile } from '../profiles.js';
import {
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_ADMIN_STATUS_Q_OK,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_CONFIG_S_NEEDS_RESET,
} from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { readLe, writeLe } from '../../wire/bytes.js';
import { toHex, fromHex } from '../../util/hex.js';
import { commonFields, deviceFields, fieldFor, insideRegion, regionBytes, type Field, type Space } from './layout.js';
import { processNotify } from './notify.js';
import { VIRTIO_PCI_CONFIG_OFF } from '../spec/legacy.js';
import { legacyDeviceFeatures } from './features.js';

export interface LegacyAccess {
  space: Space;
  offset: number;
  /** Read: bytes to read. Write: data.length. */
  size: number;
  /** Present for writes (little-endian register bytes). */
  data?: Uint8Array;
}

/** blk config values the twin reports (read-only): seg_max and blk_size as a typical device. */
export const BLK_SEG_MAX = 126;
export const BLK_SIZE = 512;

/** The full value of a field, from state. */
export function fieldValue(s: Readonly<TwinState>, fn: number, name: string): number {
  const f = s.fns[fn]!;
  const l = f.legacy;
  const sel = l.queueSel;
  switch (name) {
    case 'deviceFeatures':
      return legacyDeviceFeatures(s.config);
    case 'driverFeatures':
      return l.driverFeatures;
    case 'queuePfn':
      return l.queues[sel]?.pfn ?? 0;
    case 'queueSize':
      return l.queues[sel] ? s.config.legacyQueueSize : 0;
    case 'queueSel':
      return sel;
    case 'queueNotify':
      return 0;
    case 'status':
      return l.status;
    case 'isr':
      return f.msix.isr;
    case 'configVector':
      return f.msix.configVector;
    case 'queueVector':
      return f.msix.queueVectors[sel] ?? VIRTIO_MSI_NO_VECTOR;
    case 'netStatus':
      return f.net.status;
    case 'capacity':
      return s.config.blkCapacity;
    case 'segMax':
      return BLK_SEG_MAX;
    case 'blkSize':
      return BLK_SIZE;
    case 'writeback':
      return l.writeback;
    case 'numQueues':
      return s.config.vfQueues;
    default:
      // Fields the twin reports as 0: size_max, geometry, topology, unused0.
      return 0;
  }
}

/** Little-endian bytes of a field as a read would see it. */
export function fieldBytes(s: Readonly<TwinState>, fn: number, fld: Field): Uint8Array {
  if (fld.name === 'mac') return fromHex(s.fns[fn]!.net.mac);
  const out = new Uint8Array(fld.size);
  writeLe(out, 0, fld.size, fieldValue(s, fn, fld.name));
  return out;
}

function ok(result: Uint8Array | undefined, effects: EventBody[]): ExecOutcome {
  return { status: VIRTIO_ADMIN_STATUS_OK, qualifier: VIRTIO_ADMIN_STATUS_Q_OK, result, effects };
}

/** The region and field an access lands on, as this device decodes it (profiles may deviate). */
function decodeTarget(s: Readonly<TwinState>, fn: number, a: LegacyAccess, profile: Profile): { space: Space;
    offset: number; fields: readonly Field[] } {
  const msix = s.fns[fn]!.msix.enabled;
  if (profile.quirks.legacyMsixOffsetIgnored) {
    // A flat register file that always puts device config at 20 (the MSI-X-disabled layout).
    const flatCfg = VIRTIO_PCI_CONFIG_OFF(false);
    if (a.space === 'common' && a.offset >= flatCfg) return { space: 'device', offset: a.offset - flatCfg,
      fields: deviceFields(s.config) };
    return { space: a.space, offset: a.offset, fields: a.space === 'common'
      ? commonFields(false) : deviceFields(s.config) };
  }
  return { space: a.space, offset: a.offset, fields: a.space === 'common'
    ? commonFields(msix) : deviceFields(s.config) };
}

const INVALID_FIELD: ExecOutcome = {
  status: VIRTIO_ADMIN_STATUS_EINVAL,
  qualifier: VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
};

export function accessLegacy(s: Readonly<TwinState>, profile: Profile, fn: number, a: LegacyAccess): ExecOutcome {
  const { space, offset, fields } = decodeTarget(s, fn, a, profile);
  if (space === 'device') return accessDevice(s, fn, fields, offset, a);
  const fld = fieldFor(fields, offset, a.size, s.config.legacyFieldMatch);
  // "MUST fail the command when the offset and the length do not refer to a single field or are
  // not completely within the region": EINVAL / INVALID_FIELD, no side effects.
  if (!fld) return INVALID_FIELD;
  const cur = fieldBytes(s, fn, fld);
  const rel = offset - fld.off;
  if (!a.data) {
    const data = cur.slice(rel, rel + a.size);
    const effects: EventBody[] = [{ type: 'legacy/read', fn, space, offset, size: a.size, data: toHex(data) }];
    if (fld.name === 'isr' && !profile.quirks.isrSurvivesRead) effects.push({ type: 'legacy/isrCleared', fn });
    return ok(data, effects);
  }
  if (!fld.writable) return ok(undefined,
    [{ type: 'legacy/writeIgnored', fn, space, offset, size: a.size, reason: `${fld.name} is read-only` }]);
  const merged = cur.slice();
  merged.set(a.data, rel);
  return ok(undefined, writeEffects(s, fn, fld, readLe(merged, 0, fld.size), a));
}

/** The device region as a legacy driver sees it, byte by byte. */
function deviceImage(s: Readonly<TwinState>, fn: number, fields: readonly Field[]): Uint8Array {
  const img = new Uint8Array(regionBytes(fields));
  for (const fld of fields) img.set(fieldBytes(s, fn, fld), fld.off);
  return img;
}

/**
 * Device config through the legacy interface: a driver MAY use any width and alignment, and the
 * device MUST answer as natural-width accesses would (virtio 1.4 §4.1.4.10 Legacy Interfaces: A
 * Note on PCI Device Layout; Linux's legacy driver reads it one byte at a time). Only leaving the
 * region fails. A write lands on every writable field it covers; read-only bytes are ignored.
 */
function accessDevice(
  s: Readonly<TwinState>,
  fn: number,
  fields: readonly Field[],
  offset: number,
  a: LegacyAccess,
): ExecOutcome {
  if (!insideRegion(fields, offset, a.size)) return INVALID_FIELD;
  const img = deviceImage(s, fn, fields);
  if (!a.data) {
    const data = img.slice(offset, offset + a.size);
    return ok(data, [{ type: 'legacy/read', fn, space: 'device', offset, size: a.size, data: toHex(data) }]);
  }
  img.set(a.data, offset);
  const effects: EventBody[] = [];
  for (const fld of fields) {
    if (!fld.writable || fld.off + fld.size <= offset || fld.off >= offset + a.size) continue;
    effects.push(...writeEffects(s, fn, fld, readLe(img, fld.off, fld.size), a));
  }
  if (effects.length > 0) return ok(undefined, effects);
  const reason = 'device config there is read-only';
  return ok(undefined, [{ type: 'legacy/writeIgnored', fn, space: 'device', offset, size: a.size, reason }]);
}

function writeEffects(s: Readonly<TwinState>, fn: number, fld: Field, value: number, a: LegacyAccess): EventBody[] {
  const f = s.fns[fn]!;
  const sel = f.legacy.queueSel;
  const ignored = (reason: string): EventBody[] => [
    { type: 'legacy/writeIgnored', fn, space: a.space, offset: a.offset, size: a.size, reason }];
  switch (fld.name) {
    case 'driverFeatures':
      return [{ type: 'legacy/featuresWritten', fn, value }];
    case 'queuePfn':
      return f.legacy.queues[sel] ? [{ type: 'legacy/pfnWritten', fn, queue: sel, pfn: value }]
        : ignored(`queue ${sel} does not exist`);
    case 'queueSel':
      return [{ type: 'legacy/queueSelected', fn, queue: value }];
    case 'queueNotify':
      return processNotify(s, fn, value, 'common-cfg');
    case 'status':
      return value === 0 ? [{ type: 'legacy/reset', fn }]
        : [{ type: 'legacy/statusWritten', fn, value: value & ~VIRTIO_CONFIG_S_NEEDS_RESET }];
    case 'configVector':
      return [{ type: 'legacy/vectorWritten', fn, source: 'config', requested: value,
        vector: mapVector(s, fn, value) }];
    case 'queueVector':
      return sel < f.msix.queueVectors.length
        ? [{ type: 'legacy/vectorWritten', fn, source: sel, requested: value, vector: mapVector(s, fn, value) }]
        : ignored(`queue ${sel} does not exist`);
    case 'writeback':
      return [{ type: 'legacy/devcfgWritten', fn, field: 'writeback', value }];
    default:
      return ignored(`${fld.name} is not writable`);
  }
}

/**
 * "MSI-X Vector Configuration": a vector within the MSI-X table maps; anything else (and
 * NO_VECTOR) unmaps, and the driver reads back NO_VECTOR (QEMU's rule: value < table size).
 */
export function mapVector(s: Readonly<TwinState>, fn: number, value: number): number {
  return value < s.fns[fn]!.msix.tableSize ? value : VIRTIO_MSI_NO_VECTOR;
}
