/**
 * The published JSON Schema of scenario files (README "Scenario format"): the committed file is
 * what the loader's schemas generate, every bundled scenario satisfies it, and it refuses what the
 * loader refuses for shape (so an editor flags a typo before `vtwin run` does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { scenarioFilesIn } from '../../../src/scenario/file.js';
import { parseScenario } from '../../../src/scenario/loader.js';
import { parseText } from '../../../src/scenario/syntax.js';
import { publishedSchemas } from '../../../tools/schemas.js';

const SCHEMA_FILE = 'schemas/scenario.schema.json';
const schemaText = (): string => publishedSchemas()['scenario.schema.json']!;

const root = join(import.meta.dirname, '..', '..', '..');
const committed = readFileSync(join(root, SCHEMA_FILE), 'utf8');
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(committed) as object);

describe('schemas/scenario.schema.json', () => {
  it('is exactly what the scenario schemas generate (run `npm run schemas` after changing them)', () => {
    expect(committed).toBe(schemaText());
  });

  it('accepts every bundled scenario', () => {
    const files = [...scenarioFilesIn(join(root, 'scenarios')), ...scenarioFilesIn(join(root, 'scenarios', 'pending'))];
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const ok = validate(parseText(readFileSync(f, 'utf8'), f));
      expect(ok ? [] : validate.errors, f).toEqual([]);
    }
  });

  it.each([
    ['a misspelt op', { op: 'sriov.enabel', numVFs: 2 }],
    ['a field of the wrong type', { op: 'sriov.enable', numVFs: '2' }],
    ['an unknown field', { op: 'sriov.disable', now: true }],
    ['a parameter the opcode does not take', { op: 'aq.submit', cmd: { opcode: 'LIST_QUERY', offset: 3 } }],
    ['a missing opcode parameter', { op: 'aq.submit', cmd: { opcode: 'LIST_USE' } }],
    ['an errno the twin never refuses with', { expect: 'refused', errno: 'EFOO' }],
  ])('refuses %s, as the loader does', (_what, step) => {
    const sc = { name: 'x', steps: [{ op: 'sriov.enable', numVFs: 1 }, step] };
    expect(validate(sc)).toBe(false);
    expect(() => parseScenario(JSON.stringify(sc), 'x.json')).toThrow();
  });

  it('lets a scenario name it in "$schema", which the loader then ignores', () => {
    const sc = { $schema: '../node_modules/virtio-twin/schemas/scenario.schema.json', name: 'x',
      steps: [{ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LEGACY_DEV_CFG_READ', member: 1, size: 2 } }] };
    expect(validate(sc)).toBe(true);
    expect(parseScenario(JSON.stringify(sc), 'x.json').name).toBe('x');
  });
});
