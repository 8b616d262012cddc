/**
 * The device's opcode table. Spec opcodes with no handler here are still *known* (names.ts) but
 * unsupported by this device, so they fail with EINVAL / INVALID_OPCODE like unknown ones.
 * Later areas append their handlers to HANDLERS.
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../spec/constants.js';
import { SPEC_OPCODE_NAMES } from '../spec/names.js';
import type { OpcodeHandler } from './handler.js';
import { listQuery, listUse } from './list.js';
import { LEGACY_HANDLERS } from '../legacy/handlers.js';
import { netAdminCtrl } from '../net/adminCmd.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = OpcodeHandler<any>;

let table: Map<number, AnyHandler> | null = null;

/** Built lazily: handler modules import this one, so the table cannot be built at load time. */
function handlers(): Map<number, AnyHandler> {
  if (table) return table;
  const all: AnyHandler[] = [listQuery, listUse, ...LEGACY_HANDLERS, netAdminCtrl];
  table = new Map(all.map((h) => [h.opcode, h]));
  return table;
}

export function handlerFor(opcode: number): AnyHandler | undefined {
  return handlers().get(opcode);
}

export function allHandlers(): AnyHandler[] {
  return [...handlers().values()].sort((a, b) => a.opcode - b.opcode);
}

/** Opcodes the device reports in LIST_QUERY for a group type, ascending. */
export function supportedOpcodes(config: DeviceConfig, groupType: number): number[] {
  const out: number[] = [];
  for (const h of allHandlers()) if (h.groups.includes(groupType) && h.supported(config)) out.push(h.opcode);
  return out;
}

export function opcodeName(opcode: number): string {
  return handlerFor(opcode)?.name ?? SPEC_OPCODE_NAMES[opcode] ?? `OPCODE_0x${opcode.toString(16)}`;
}

export function opcodeByName(name: string): number | undefined {
  for (const h of allHandlers()) if (h.name === name) return h.opcode;
  for (const [k, v] of Object.entries(SPEC_OPCODE_NAMES)) if (v === name) return Number(k);
  const m = /^(?:OPCODE_)?0x([0-9a-f]+)$/i.exec(name);
  return m ? parseInt(m[1]!, 16) : undefined;
}

/**
 * In-use set after the PF driver's probe (real-systems.md §1): right after DRIVER_OK Linux sends
 * LIST_QUERY then LIST_USE for the SR-IOV group. If the device follows the letter of the spec
 * (LIST_* need VF Enable), that LIST_QUERY fails and the set stays {QUERY, USE}.
 */
export function linuxBringUpInUse(config: DeviceConfig): number[] {
  if (!config.adminVq || !config.sriov || config.listCommandsNeedVfEnable) return [0, 1];
  return supportedOpcodes(config, VIRTIO_ADMIN_GROUP_TYPE_SRIOV);
}
