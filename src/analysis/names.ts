/**
 * Spec names for the numeric codes in events and state: admin statuses, status qualifiers,
 * opcodes and group types ("Administration Virtqueues"). Every JSON the CLI prints shows these by
 * name, as `run --json` does, with the numbers alongside (README "CLI reference").
 *
 * Which numbers are codes is decided by where they sit, not by key alone: `status` is an admin
 * status only in an admin command (`aq/completed`, `aq.commands.<cid>.status`); elsewhere
 * (`fns[i].legacy.status`, `pf.status`) it is a device status register.
 *
 * Opcodes are named as the recorded device numbers them: a config whose `extOpcodes` moved an
 * extension names that extension at its new number (and not at its default one), so every
 * function here takes the device config when the caller has it (a trace's header, a scenario's
 * device). Without one, extensions are named at their default numbers.
 */
import type { DeviceConfig } from '../domain/config.js';
import { opcodeName } from '../domain/device.js';
import type { Event } from '../domain/events.js';
import { GROUP_TYPE_NAMES, qualifierName, statusName } from '../domain/spec/names.js';
import { formatPath, type PathKey } from './path.js';

export type CodeKind = 'status' | 'qualifier' | 'opcode' | 'groupType';

export function codeName(kind: CodeKind, n: number, config?: DeviceConfig): string {
  switch (kind) {
    case 'status':
      return statusName(n);
    case 'qualifier':
      return qualifierName(n);
    case 'opcode':
      return opcodeName(n, config);
    case 'groupType':
      return GROUP_TYPE_NAMES[n] ?? `GROUP_TYPE_${n}`;
  }
}

/** Keys of admin-queue events that hold codes (`opcodes` is a list of opcodes). */
const EVENT_CODE_KEYS: Readonly<Record<string, CodeKind>> = {
  status: 'status',
  qualifier: 'qualifier',
  opcode: 'opcode',
  opcodes: 'opcode',
  groupType: 'groupType',
};

/** The code kind of an event field, or undefined when the field is not a code. */
export function eventCodeKind(type: string, key: string): CodeKind | undefined {
  return type.startsWith('aq/') ? EVENT_CODE_KEYS[key] : undefined;
}

const nameOf = (kind: CodeKind, v: unknown, config: DeviceConfig | undefined): unknown => {
  if (typeof v === 'number') return codeName(kind, v, config);
  return Array.isArray(v) ? v.map((x) => nameOf(kind, x, config)) : v;
};

/**
 * An event as JSON: codes replaced by their spec names, the numbers kept under `codes`
 * (`{ ..., "status": "EINVAL", "qualifier": "INVALID_MEMBER", "codes": { "status": 7, ... } }`).
 */
export function namedEvent(e: Event, config?: DeviceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const codes: Record<string, unknown> = {};
  const body = e as unknown as Record<string, unknown>;
  for (const k of Object.keys(body)) {
    const kind = eventCodeKind(e.type, k);
    if (kind === undefined) out[k] = body[k];
    else {
      out[k] = nameOf(kind, body[k], config);
      codes[k] = body[k];
    }
  }
  if (Object.keys(codes).length > 0) out.codes = codes;
  return out;
}

/**
 * The code kind of the state value at `path`, or undefined. Codes in the state live in the admin
 * queue: each in-flight command's opcode, group type, status and qualifier, and the LIST_USE
 * in-use opcode sets.
 */
export function stateCodeKind(path: readonly PathKey[]): CodeKind | undefined {
  if (path[0] !== 'aq') return undefined;
  if (path[1] === 'commands' && path.length === 4) {
    const k = path[3];
    if (k === 'opcode' || k === 'groupType' || k === 'status' || k === 'qualifier') return k;
  }
  if (path[1] === 'inUse' && path.length === 4) return 'opcode';
  return undefined;
}

/**
 * Spec names of every code at or under `path` in `value` (the value found at `path`), keyed by
 * full path as `--path` accepts it: `{ "aq.commands.0.opcode": "LIST_QUERY" }`.
 */
export function stateNames(
  value: unknown,
  path: readonly PathKey[] = [],
  config?: DeviceConfig,
): Record<string, string> {
  const out: Record<string, string> = {};
  // Only the admin queue holds codes: skip everything else (fns[] of a big device) unvisited.
  if (path.length > 0 && path[0] !== 'aq') return out;
  const walk = (v: unknown, p: PathKey[]): void => {
    const kind = stateCodeKind(p);
    if (kind !== undefined && typeof v === 'number') {
      out[formatPath(p)] = codeName(kind, v, config);
      return;
    }
    if (p.length >= 4 || v === null || typeof v !== 'object') return;
    if (p.length > 0 && p[0] !== 'aq') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...p, k]);
  };
  walk(value, [...path]);
  return out;
}

/**
 * `value` (found at `path`) with every code shown as `"NAME (number)"` (opcodes in hex): the human output of
 * `vtwin state`, where a bare number would say nothing.
 */
export function withCodeNames(value: unknown, path: readonly PathKey[] = [], config?: DeviceConfig): unknown {
  const kind = stateCodeKind(path);
  if (kind !== undefined && typeof value === 'number') {
    return `${codeName(kind, value, config)} (${kind === 'opcode' ? `0x${value.toString(16)}` : value})`;
  }
  if (value === null || typeof value !== 'object' || path.length >= 4) return value;
  if (path.length > 0 && path[0] !== 'aq') return value;
  if (Array.isArray(value)) return value.map((x, i) => withCodeNames(x, [...path, i], config));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    out[k] = withCodeNames((value as Record<string, unknown>)[k], [...path, k], config);
  }
  return out;
}
