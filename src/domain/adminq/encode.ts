/**
 * Typed scenario commands -> wire bytes. The device only ever sees bytes, so every typed command
 * exercises the same decode path as a raw one captured from a driver.
 */
import { InputError } from '../../errors.js';
import type { DeviceConfig } from '../config.js';
import type { TypedAdminCmd } from '../commands.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../spec/constants.js';
import { encodeAdminCmd } from '../../wire/adminCmd.js';
import { knownNames } from '../../util/closest.js';
import { fromHex, normaliseHex } from '../../util/hex.js';
import type { OpcodeTable } from './handler.js';

export interface EncodedCmd {
  req: Uint8Array;
  resultLen: number;
}

const COMMON_KEYS = new Set(['opcode', 'group', 'member', 'data']);

export function resolveOpcodeRef(opcodes: OpcodeTable, ref: string | number, config?: DeviceConfig): number {
  const op = typeof ref === 'number' ? ref : opcodes.opcodeByName(ref, config);
  if (op === undefined || !Number.isInteger(op) || op < 0 || op > 0xffff) {
    const names = knownNames(String(ref), opcodes.handlers.map((h) => h.name), '`vtwin opcodes`');
    throw new InputError(`opcode: expected a known opcode name or a number 0..0xffff, got ${JSON.stringify(ref)}; ` +
      `${names}`);
  }
  return op;
}

export function resolveGroup(group: TypedAdminCmd['group'], groups: readonly number[]): number {
  if (group === 'SELF') return VIRTIO_ADMIN_GROUP_TYPE_SELF;
  if (group === 'SRIOV') return VIRTIO_ADMIN_GROUP_TYPE_SRIOV;
  if (typeof group === 'number') return group;
  return groups.includes(VIRTIO_ADMIN_GROUP_TYPE_SRIOV) || groups.length === 0
    ? VIRTIO_ADMIN_GROUP_TYPE_SRIOV : groups[0]!;
}

/** Typed commands whose parameters their builder made valid (`builtCmd`). */
const BUILT = new WeakSet<TypedAdminCmd>();

/**
 * Mark `cmd` as built valid by construction (the fuzzer's action generators): encodeTyped skips
 * its parameter schema check, a sizeable share of a short fuzz run. Its parameters must be what
 * the handler's schema passes through unchanged (no defaults filled, no transforms), as for
 * encodeBuilt; test/unit/fuzz checks that for what the generators build. Scenario validation (and
 * so Twin.execute) parses a copy, which is not marked: a command from outside is always checked.
 */
export function builtCmd<T extends TypedAdminCmd>(cmd: T): T {
  BUILT.add(cmd);
  return cmd;
}

/**
 * Encode a typed command for a device with this opcode table. Throws InputError naming the
 * offending field (the scenario loader prefixes the JSON path). `resultBytes` overrides the
 * handler's natural result size.
 */
export function encodeTyped(opcodes: OpcodeTable, cmd: TypedAdminCmd, resultBytes?: number,
    config?: DeviceConfig): EncodedCmd {
  const opcode = resolveOpcodeRef(opcodes, cmd.opcode, config);
  const handler = opcodes.handlerFor(opcode, config);
  const member = cmd.member ?? 0;
  const groupType = cmd.group === undefined && handler?.groupFor
    ? handler.groupFor(member) : resolveGroup(cmd.group, handler?.groups ?? []);
  const takesData = handler?.dataParam === true;
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cmd)) if (!COMMON_KEYS.has(k) || (takesData && k === 'data')) params[k] = v;
  let data: Uint8Array = new Uint8Array(0);
  let natural = 0;
  if (cmd.data !== undefined && !takesData) {
    // Explicit bytes win: how a user feeds a deliberately malformed payload to a known opcode.
    if (typeof cmd.data !== 'string' || normaliseHex(cmd.data) === null) throw new InputError(
      'data: expected a hex string');
    if (Object.keys(params).length) throw new InputError(`${Object.keys(params)[0]}: not allowed together with data`);
    data = fromHex(cmd.data);
  } else if (handler?.params) {
    const parsed = BUILT.has(cmd) ? { success: true as const, data: params } : handler.params.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(`${issue.path.join('.') || 'cmd'}: ${issue.message}`);
    }
    try {
      data = handler.encode ? handler.encode(parsed.data, { groupType, member, opcodes, config }) : data;
    } catch (e) {
      throw new InputError(`cmd: ${(e as Error).message}`);
    }
    natural = handler.resultBytes ? handler.resultBytes(parsed.data) : 0;
  } else {
    if (Object.keys(params).length) {
      throw new InputError(
        `${Object.keys(params)[0]}: ${handler ? handler.name : 'this opcode'} takes no parameters (use "data" for ` +
        `raw bytes)`);
    }
    natural = handler?.resultBytes ? handler.resultBytes({}) : 0;
  }
  return { req: encodeAdminCmd({ opcode, groupType, member }, data), resultLen: resultBytes ?? natural };
}

/**
 * Encode a command the twin builds itself from validated input (the host mapper's legacy
 * accesses): the handler's own encoder, without the parameter schema check that guards user input
 * (it cost the mapper more than the rest of an access). `params` must be what that schema passes
 * through unchanged.
 */
export function encodeBuilt(opcodes: OpcodeTable, opcode: number, member: number, params: Record<string, unknown>,
    config?: DeviceConfig): EncodedCmd {
  const handler = opcodes.handlerFor(opcode, config);
  const groupType = handler?.groupFor ? handler.groupFor(member) : resolveGroup(undefined, handler?.groups ?? []);
  const data = handler?.encode ? handler.encode(params, { groupType, member, opcodes, config }) : new Uint8Array(0);
  return { req: encodeAdminCmd({ opcode, groupType, member }, data), resultLen: handler?.resultBytes?.(params) ?? 0 };
}
