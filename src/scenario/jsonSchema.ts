/**
 * The JSON Schema of scenario files (README "Scenario format"), generated from the loader's own
 * zod schemas, so editors complete and check scenarios with exactly the vocabulary the loader
 * accepts. `npm run schema` writes it to schemas/scenario.schema.json; a test keeps the committed
 * file equal to what this generates. The schema checks shape; the loader still checks what needs
 * the device (queues that exist, `fn` within TotalVFs, tags defined before use).
 */
import { deviceConfigSchema } from '../domain/config.js';
import { CONTROL } from './control.js';
import { inputSchema, type JsonSchema } from './describe.js';
import { EXPECTATIONS } from './expectations.js';
import { scenarioTopSchema } from './loader.js';
import { OPCODES } from '../domain/device.js';
import { OPS } from './registry.js';
import type { z } from 'zod';

const sorted = <T>(o: Record<string, T>): [string, T][] =>
  Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** A step's schema with its one-line doc, so editors show it on hover. */
function stepSchema(schema: z.ZodType, doc: string): JsonSchema {
  return { description: doc, ...inputSchema(schema) };
}

/**
 * `aq.submit`'s typed `cmd`: one branch per opcode the twin implements, by name, with that opcode's
 * parameters, and one for any other opcode.
 */
function typedCmdSchema(common: JsonSchema): JsonSchema {
  const base = (common.properties ?? {}) as Record<string, JsonSchema>;
  const shared = { group: base.group, member: base.member, data: { type: 'string', description: 'raw ' +
    'command_specific_data (hex)' } };
  const byName = OPCODES.handlers.map((h) => {
    const params = h.params ? inputSchema(h.params) : { properties: {}, required: [] };
    return {
      description: `${h.name}${h.extension ? ` (extension: ${h.extension})` : ''}; ${h.section}`,
      type: 'object',
      properties: { opcode: { const: h.name }, ...shared, ...(params.properties as object) },
      required: ['opcode', ...((params.required ?? []) as string[])],
      additionalProperties: false,
    };
  });
  // A number, "0x7ff0", "OPCODE_0x7ff0" or a spec name the twin does not implement: parameters
  // depend on what it names, so only the loader can check them.
  const other = { description: 'an opcode by number, or by a name the twin does not implement', type: 'object',
    properties: { opcode: { anyOf: [{ type: 'integer', minimum: 0, maximum: 0xffff },
      { type: 'string', not: { enum: OPCODES.handlers.map((h) => h.name) } }] }, ...shared },
    required: ['opcode'] };
  return { anyOf: [...byName, other] };
}

export function scenarioJsonSchema(): JsonSchema {
  const steps: JsonSchema[] = [];
  for (const [name, spec] of sorted(OPS)) {
    const j = stepSchema(spec.schema as z.ZodType, spec.doc);
    if (name === 'aq.submit') {
      const props = j.properties as Record<string, JsonSchema>;
      props.cmd = typedCmdSchema(props.cmd!);
    }
    steps.push(j);
  }
  for (const [, spec] of sorted(CONTROL)) steps.push(stepSchema(spec.schema, spec.doc));
  for (const [, spec] of sorted(EXPECTATIONS)) steps.push(stepSchema(spec.schema, spec.doc));
  const top = inputSchema(scenarioTopSchema);
  const props = top.properties as Record<string, JsonSchema>;
  props.device = { description: 'device options (README "Device options"); every omitted one takes its default',
    ...inputSchema(deviceConfigSchema) };
  props.steps = { ...props.steps, items: { anyOf: steps } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'virtio-twin scenario',
    description: 'A virtio-twin scenario: a device, a seed and steps (README "Scenario format"). `vtwin ops` and ' +
      '`vtwin opcodes` describe the steps and admin opcodes.',
    ...top,
  };
}
