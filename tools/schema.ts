/**
 * `npm run schema`: write the JSON Schema of scenario files (src/scenario/jsonSchema.ts) to
 * schemas/scenario.schema.json, the file editors are pointed at (README "Scenario format").
 * A test fails when the committed file differs from what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../src/scenario/jsonSchema.js';

export const SCHEMA_FILE = join('schemas', 'scenario.schema.json');

export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

/** The package root: two levels up from dist/tools/, one from tools/ (tests import the source). */
function packageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'tools')) ? join(here, '..', '..') : join(here, '..');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = join(packageRoot(), SCHEMA_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
