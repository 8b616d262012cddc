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
import { vfMsixGet, vfMsixSet } from '../provision/handlers.js';
import { LEGACY_HANDLERS } from '../legacy/handlers.js';
import { netAdminCtrl } from '../net/adminCmd.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = OpcodeHandler<any>;

let table: Map<number, AnyHandler> | null = null;
let names: Map<string, AnyHandler> | null = null;

/** Built lazily: handler modules import this one, so the table cannot be built at load time. */
function handlers(): Map<number, AnyHandler> {
  if (table) return table;
  const all: AnyHandler[] = [listQuery, listUse, vfMsixSet, vfMsixGet, ...LEGACY_HANDLERS, netAdminCtrl];
  table = new Map(all.map((h) => [h.opcode, h]));
  names = new Map(all.map((h) => [h.name, h]));
  return table;
}

function handlerByName(name: string): AnyHandler | undefined {
  handlers();
  return names!.get(name);
}

/**
 * The opcode a handler answers to on a device: its own, unless it is an extension the device
 * config renumbered (`extOpcodes`). Spec opcodes are never renumbered.
 */
export function opcodeOf(h: AnyHandler, config?: DeviceConfig): number {
  return (h.extension !== undefined ? config?.extOpcodes?.[h.name] : undefined) ?? h.opcode;
}

/** The handler for an opcode on a device (pass the config wherever it is at hand). */
export function handlerFor(opcode: number, config?: DeviceConfig): AnyHandler | undefined {
  const ext = config?.extOpcodes;
  if (ext) for (const name in ext) if (ext[name] === opcode) return handlerByName(name);
  const h = handlers().get(opcode);
  // An extension renumbered elsewhere no longer answers to its default number.
  if (h && ext && h.extension !== undefined && ext[h.name] !== undefined) return undefined;
  return h;
}

export function allHandlers(): AnyHandler[] {
  return [...handlers().values()].sort((a, b) => a.opcode - b.opcode);
}

/** Opcodes the device reports in LIST_QUERY for a group type, ascending. */
export function supportedOpcodes(config: DeviceConfig, groupType: number): number[] {
  const out: number[] = [];
  for (const h of allHandlers()) if (h.groups.includes(groupType) && h.supported(config)) out.push(opcodeOf(h, config));
  return out.sort((a, b) => a - b);
}

export function opcodeName(opcode: number, config?: DeviceConfig): string {
  return handlerFor(opcode, config)?.name ?? SPEC_OPCODE_NAMES[opcode] ?? `OPCODE_0x${opcode.toString(16)}`;
}

/** Config check for `extOpcodes`: known extension names, distinct numbers, no clash. */
export function extOpcodeProblem(config: DeviceConfig): [string, string] | null {
  const taken = new Map<number, string>();
  for (const h of allHandlers()) if (h.extension === undefined) taken.set(h.opcode, h.name);
  // Extensions at their default numbers first, so a clash names the one the config moved.
  const moved = (h: AnyHandler) => config.extOpcodes?.[h.name] !== undefined;
  const exts = allHandlers().filter((h) => h.extension !== undefined);
  for (const h of [...exts.filter((x) => !moved(x)), ...exts.filter(moved)]) {
    const op = opcodeOf(h, config);
    const other = taken.get(op);
    if (other !== undefined) return [`extOpcodes.${h.name}`, `opcode 0x${op.toString(16)} is already ${other}`];
    taken.set(op, h.name);
  }
  for (const name of Object.keys(config.extOpcodes ?? {}).sort()) {
    if (handlerByName(name)?.extension === undefined) {
      const known = allHandlers().filter((h) => h.extension !== undefined).map((h) => h.name);
      return [`extOpcodes.${name}`, `one of the extension opcode names: ${known.join(', ')}`];
    }
  }
  return null;
}

export function opcodeByName(name: string, config?: DeviceConfig): number | undefined {
  const h = handlerByName(name);
  if (h) return opcodeOf(h, config);
  for (const [k, v] of Object.entries(SPEC_OPCODE_NAMES)) if (v === name) return Number(k);
  const m = /^(?:OPCODE_)?0x([0-9a-f]+)$/i.exec(name);
  return m ? parseInt(m[1]!, 16) : undefined;
}

/**
 * In-use set after the PF driver's probe (docs/linux-qemu-vfio.md#pf-driver-bring-up): right after
 * DRIVER_OK Linux sends LIST_QUERY then LIST_USE for the SR-IOV group. If the device follows the
 * letter of the spec (LIST_* need VF Enable), that LIST_QUERY fails and the set stays {QUERY, USE}.
 */
export function linuxBringUpInUse(config: DeviceConfig): number[] {
  if (!config.adminVq || !config.sriov || config.listCommandsNeedVfEnable) return [0, 1];
  return supportedOpcodes(config, VIRTIO_ADMIN_GROUP_TYPE_SRIOV);
}
