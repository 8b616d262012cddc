/**
 * An opcode table from the handlers the opcode families contribute. The admin queue knows no
 * family: the composition root (../device.ts) lists them and passes the table in. Spec opcodes
 * with no handler are still *known* (names.ts) but unsupported by the device, so they fail with
 * EINVAL / INVALID_OPCODE like unknown ones.
 */
import type { DeviceConfig } from '../config.js';
import { SPEC_OPCODE_NAMES } from '../spec/names.js';
import type { AnyHandler, OpcodeTable } from './handler.js';

/**
 * The opcode a handler answers to on a device: its own, unless it is an extension the device
 * config renumbered (`extOpcodes`). Spec opcodes are never renumbered.
 */
export function opcodeOf(h: AnyHandler, config?: Pick<DeviceConfig, 'extOpcodes'>): number {
  return (h.extension !== undefined ? config?.extOpcodes?.[h.name] : undefined) ?? h.opcode;
}

/** Build a table. Two handlers with one opcode or one name are a programming error: it throws. */
export function opcodeTable(handlers: readonly AnyHandler[]): OpcodeTable {
  const sorted = [...handlers].sort((a, b) => a.opcode - b.opcode);
  const byOpcode = new Map<number, AnyHandler>();
  const byName = new Map<string, AnyHandler>();
  for (const h of sorted) {
    const clash = byOpcode.get(h.opcode) ?? byName.get(h.name);
    if (clash) throw new TypeError(`opcode table: ${h.name} (0x${h.opcode.toString(16)}) clashes with ${clash.name}`);
    byOpcode.set(h.opcode, h);
    byName.set(h.name, h);
  }
  const handlerByName = (name: string) => byName.get(name);
  const handlerFor = (opcode: number, config?: DeviceConfig): AnyHandler | undefined => {
    const ext = config?.extOpcodes;
    if (ext) for (const name in ext) if (ext[name] === opcode) return handlerByName(name);
    const h = byOpcode.get(opcode);
    // An extension renumbered elsewhere no longer answers to its default number.
    if (h && ext && h.extension !== undefined && ext[h.name] !== undefined) return undefined;
    return h;
  };
  return {
    handlers: sorted,
    handlerFor,
    handlerByName,
    supportedOpcodes(config, groupType) {
      const out: number[] = [];
      for (const h of sorted) if (h.groups.includes(groupType) && h.supported(config)) out.push(opcodeOf(h, config));
      return out.sort((a, b) => a - b);
    },
    opcodeName(opcode, config) {
      return handlerFor(opcode, config)?.name ?? SPEC_OPCODE_NAMES[opcode] ?? `OPCODE_0x${opcode.toString(16)}`;
    },
    opcodeByName(name, config) {
      const h = handlerByName(name);
      if (h) return opcodeOf(h, config);
      for (const [k, v] of Object.entries(SPEC_OPCODE_NAMES)) if (v === name) return Number(k);
      const m = /^(?:OPCODE_)?0x([0-9a-f]+)$/i.exec(name);
      return m ? parseInt(m[1]!, 16) : undefined;
    },
  };
}

/** Config check for `extOpcodes`: known extension names, distinct numbers, no clash. */
export function extOpcodeProblem(config: DeviceConfig, table: OpcodeTable): [string, string] | null {
  const taken = new Map<number, string>();
  for (const h of table.handlers) if (h.extension === undefined) taken.set(h.opcode, h.name);
  // Extensions at their default numbers first, so a clash names the one the config moved.
  const moved = (h: AnyHandler) => config.extOpcodes?.[h.name] !== undefined;
  const exts = table.handlers.filter((h) => h.extension !== undefined);
  for (const h of [...exts.filter((x) => !moved(x)), ...exts.filter(moved)]) {
    const op = opcodeOf(h, config);
    const other = taken.get(op);
    if (other !== undefined) return [`extOpcodes.${h.name}`, `opcode 0x${op.toString(16)} is already ${other}`];
    taken.set(op, h.name);
  }
  for (const name of Object.keys(config.extOpcodes ?? {}).sort()) {
    if (table.handlerByName(name)?.extension === undefined) {
      return [`extOpcodes.${name}`, `one of the extension opcode names: ${exts.map((h) => h.name).join(', ')}`];
    }
  }
  return null;
}
