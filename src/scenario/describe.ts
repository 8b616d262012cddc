/**
 * The scenario vocabulary described from its own schemas (`vtwin ops`, `vtwin opcodes`, the JSON
 * Schema of scenario files): every op, control step and expectation with its fields, and every
 * admin opcode with its typed parameters and their defaults. Nothing here is written by hand, so
 * the descriptions cannot drift from what the loader accepts.
 */
import { z } from 'zod';
import { OPCODES } from '../domain/device.js';
import { defaultConfig } from '../domain/device.js';
import { GROUP_TYPE_NAMES } from '../domain/spec/names.js';
import { CONTROL } from './control.js';
import { EXPECTATIONS } from './expectations.js';
import { OPS } from './registry.js';

/** A JSON Schema node, as zod writes it. */
export type JsonSchema = { [key: string]: unknown };

export interface FieldDoc {
  name: string;
  /** In words: `integer 0..255`, `"pf" | integer 0..65535`, `array of string`. */
  type: string;
  required: boolean;
  /** The value an omitted field takes, when it has one. */
  default?: unknown;
}

export interface StepDoc {
  /** `command` and `control` steps are keyed by `op`, expectations by `expect`. */
  kind: 'command' | 'control' | 'expectation';
  name: string;
  doc: string;
  fields: FieldDoc[];
}

export interface OpcodeDoc {
  opcode: number;
  name: string;
  groups: string[];
  section: string;
  /** The never-merged proposal it models, or null for a spec opcode. */
  extension: string | null;
  /** Offered by a device with the default options. */
  supportedByDefault: boolean;
  /** Typed `cmd` parameters besides opcode, group and member. */
  params: FieldDoc[];
}

/** The JSON Schema of what a user writes (the schema's input side: `fn: "pf"` before it becomes 0). */
export function inputSchema(schema: z.ZodType): JsonSchema {
  // draft-07: what editors (and the JSON Schema of scenario files) understand best.
  const j = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-07' }) as JsonSchema;
  delete j.$schema;
  return j;
}

function range(j: JsonSchema): string {
  const lo = j.minimum ?? j.exclusiveMinimum;
  const hi = j.maximum === Number.MAX_SAFE_INTEGER ? undefined : (j.maximum ?? j.exclusiveMaximum);
  if (lo === undefined && hi === undefined) return '';
  return hi === undefined ? ` >= ${String(lo)}` : ` ${String(lo ?? '')}..${String(hi)}`;
}

/** One schema node in words, for a table cell. */
export function typeWords(j: JsonSchema): string {
  if ('const' in j) return JSON.stringify(j.const);
  if (Array.isArray(j.enum)) return j.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(j.anyOf)) return (j.anyOf as JsonSchema[]).map(typeWords).join(' | ');
  switch (j.type) {
    case 'integer':
    case 'number':
      return `${j.type}${range(j)}`;
    case 'array':
      return j.items ? `array of ${typeWords(j.items as JsonSchema)}` : 'array';
    case 'string':
    case 'boolean':
    case 'object':
      return String(j.type);
    default:
      return 'any JSON value';
  }
}

/** The fields of an object schema, in declaration order; `skip` leaves out the key (`op`, `expect`). */
export function fieldsOf(schema: z.ZodType, skip?: string): FieldDoc[] {
  const j = inputSchema(schema);
  const props = (j.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((j.required ?? []) as string[]);
  return Object.entries(props).filter(([name]) => name !== skip).map(([name, p]) => ({
    name, type: typeWords(p), required: required.has(name) && !('default' in p),
    ...('default' in p ? { default: p.default } : {}),
  }));
}

/** Every step a scenario may contain: commands, control steps, expectations (sorted within each). */
export function describeSteps(): StepDoc[] {
  const byName = <T>(o: Record<string, T>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    ...byName(OPS).map(([name, s]) => ({ kind: 'command' as const, name, doc: s.doc,
      fields: fieldsOf(s.schema as z.ZodType, 'op') })),
    ...byName(CONTROL).map(([name, s]) => ({ kind: 'control' as const, name, doc: s.doc,
      fields: fieldsOf(s.schema, 'op') })),
    ...byName(EXPECTATIONS).map(([name, s]) => ({ kind: 'expectation' as const, name, doc: s.doc,
      fields: fieldsOf(s.schema, 'expect') })),
  ];
}

/** Every admin opcode the twin implements, by default opcode number (`extOpcodes` may renumber extensions). */
export function describeOpcodes(): OpcodeDoc[] {
  const config = defaultConfig();
  return OPCODES.handlers.map((h) => ({
    opcode: h.opcode,
    name: h.name,
    groups: h.groups.map((g) => GROUP_TYPE_NAMES[g] ?? String(g)),
    section: h.section,
    extension: h.extension ?? null,
    supportedByDefault: h.supported(config),
    params: h.params ? fieldsOf(h.params) : [],
  }));
}

/** `name: type`, `name?: type = default` for a one-line signature. */
export function fieldWords(f: FieldDoc): string {
  const def = f.default !== undefined ? ` = ${JSON.stringify(f.default)}` : '';
  return `${f.name}${f.required ? '' : '?'}: ${f.type}${def}`;
}
