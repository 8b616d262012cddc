/**
 * Scenario schemas for the spine's commands: PF status and reset, SR-IOV enable/disable, admin
 * command submission, virtual time. README "Steps".
 */
import { z } from 'zod';
import { encodeTyped } from '../../domain/adminq/encode.js';
import { writableProblem } from '../../domain/adminq/writable.js';
import { LIMITS, type DeviceConfig } from '../../domain/config.js';
import { OPCODES } from '../../domain/device.js';
import { InputError } from '../../errors.js';
import type { OpRegistry } from '../opSpec.js';
import { hexSchema, MAX_HEX_BYTES, splitDotted, tagSchema, type Problem } from '../schema.js';

type CoreOp = 'pf.reset' | 'pf.init' | 'pf.status' | 'sriov.enable' | 'sriov.disable' | 'aq.submit' | 'time.advance';

/** A typed admin command: opcode (name or number), optional group and member; the opcode's handler checks the rest. */
const typedCmd = z.looseObject({
  opcode: z.union([z.string().min(1), z.int().min(0).max(0xffff)],
    { error: 'an opcode name (e.g. "LIST_QUERY") or a number 0..0xffff' }),
  group: z.union([z.enum(['SELF', 'SRIOV']), z.int().min(0).max(0xffff)],
    { error: '"SELF", "SRIOV" or a group type number 0..65535' }).optional(),
  member: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

const aqSubmit = z.strictObject({
  op: z.literal('aq.submit'),
  tag: tagSchema.optional(),
  queue: z.int().min(0).max(LIMITS.adminQueues - 1).optional(),
  cmd: typedCmd.optional(),
  /** The device-readable part as a driver laid it out (24-byte header, little-endian, then data). */
  raw: hexSchema.optional(),
  /** Size of command_specific_result the driver provides. */
  resultBytes: z.int().min(0).max(MAX_HEX_BYTES).optional(),
  /** The device-writable part as the driver lays it out (src/domain/adminq/writable.ts). */
  writable: z.strictObject({
    bytes: z.int().min(0).max(MAX_HEX_BYTES).optional(),
    split: z.tuple([z.int().min(0).max(MAX_HEX_BYTES), z.int().min(0).max(MAX_HEX_BYTES)],
      { error: '[status descriptor bytes, result descriptor bytes]' }).optional(),
    preload: hexSchema.optional(),
  }).optional(),
});

function checkSubmit(c: z.output<typeof aqSubmit>, config: DeviceConfig): Problem | null {
  if (c.cmd !== undefined && c.raw !== undefined) return { path: ['raw'],
    expected: 'not allowed together with "cmd": give a typed command or raw bytes, not both' };
  if (c.cmd === undefined && c.raw === undefined) return { path: [],
    expected: 'exactly one of "cmd" (a typed command) or "raw" (hex of the device-readable part)' };
  const q = c.queue ?? 0;
  if (q >= config.adminQueues) {
    const has = config.adminQueues === 0 ? 'this device has no admin queue (device.adminQueues = 0)'
      : `less than device.adminQueues (${config.adminQueues})`;
    return { path: c.queue === undefined ? [] : ['queue'], expected: `an admin queue index ${has}` };
  }
  if (c.writable && c.resultBytes !== undefined && (c.writable.bytes !== undefined || c.writable.split)) {
    return { path: ['resultBytes'],
      expected: 'not together with writable.bytes or writable.split: give the writable part\'s size once' };
  }
  let resultLen = c.resultBytes ?? 0;
  if (c.cmd !== undefined) {
    try {
      resultLen = encodeTyped(OPCODES, c.cmd, c.resultBytes, config).resultLen;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // encodeTyped names the field first: "opcodes.0: expected ...".
      const cut = e.message.indexOf(': ');
      const field = cut > 0 ? e.message.slice(0, cut) : '';
      const rest = cut > 0 ? e.message.slice(cut + 2) : e.message;
      return { path: ['cmd', ...splitDotted(field === 'cmd' ? '' : field)], expected: rest };
    }
  }
  const bad = c.writable ? writableProblem(c.writable, resultLen) : null;
  return bad ? { path: ['writable', bad[0]], expected: bad[1] } : null;
}

export const CORE_OPS: Pick<OpRegistry, CoreOp> = {
  'pf.reset': {
    schema: z.strictObject({ op: z.literal('pf.reset') }),
    doc: 'PF driver resets the PF (device status 0): every command not yet reaped fails with EIO, in-use sets back ' +
      'to {QUERY, USE}',
    actor: 'pf-driver',
  },
  'pf.init': {
    schema: z.strictObject({ op: z.literal('pf.init') }),
    doc: "PF driver's probe: ACKNOWLEDGE, DRIVER, features, FEATURES_OK, DRIVER_OK",
    actor: 'pf-driver',
  },
  'pf.status': {
    schema: z.strictObject({ op: z.literal('pf.status'), value: z.int().min(0).max(255) }),
    doc: 'PF driver writes device_status (0 = reset)',
    actor: 'pf-driver',
  },
  'sriov.enable': {
    // More than TotalVFs is not an input error: Linux refuses it with ERANGE, and a scenario can expect that.
    schema: z.strictObject({ op: z.literal('sriov.enable'), numVFs: z.int().min(0).max(65535) }),
    doc: 'PF driver writes sriov_numvfs = numVFs (NumVFs + VF Enable); refusals: ERANGE (> TotalVFs), EBUSY (not ' +
      'through 0, or PF not DRIVER_OK), EINVAL (no SR-IOV)',
    actor: 'pf-driver',
  },
  'sriov.disable': {
    schema: z.strictObject({ op: z.literal('sriov.disable') }),
    doc: 'PF driver writes sriov_numvfs = 0: VF Enable cleared, every VF destroyed',
    actor: 'pf-driver',
  },
  'aq.submit': {
    schema: aqSubmit,
    doc: 'PF driver submits an admin command on `queue` (default 0): typed `cmd` or `raw` hex; `writable` lays out ' +
      'the device-writable part (`bytes`, `split` into status and result descriptors, `preload` stale bytes); ' +
      'rejected with ENOSPC when the queue is full, EIO without DRIVER_OK',
    actor: 'pf-driver',
    check: (c, ctx) => checkSubmit(c, ctx.config),
  },
  'time.advance': {
    schema: z.strictObject({ op: z.literal('time.advance'), ticks: z.int().min(1).max(1_000_000_000) }),
    doc: 'advance virtual time by `ticks`',
    actor: 'device',
  },
};
