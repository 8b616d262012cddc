/**
 * `npm run schemas`: writes the published JSON Schemas (schemas/) from the zod schemas that define
 * them, so the two never drift: scenario files (src/scenario/jsonSchema.ts, the file editors are
 * pointed at: README "Scenario format") and vtwin-capture records (src/ingest/capture/schema.ts).
 * Tests fail while a committed file differs from what this writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureJsonSchema } from '../src/ingest/capture/schema.js';
import { scenarioJsonSchema } from '../src/scenario/jsonSchema.js';

const text = (schema: unknown): string => JSON.stringify(schema, null, 2) + '\n';

/** Every published schema: file name (under schemas/) -> its content, as written. */
export function publishedSchemas(): Record<string, string> {
  return {
    'scenario.schema.json': text(scenarioJsonSchema()),
    'vtwin-capture.schema.json': text(captureJsonSchema()),
  };
}

if (process.argv[1] && path.basename(process.argv[1]) === 'schemas.js') {
  const dir = path.join(import.meta.dirname, '..', '..', 'schemas');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(publishedSchemas())) {
    fs.writeFileSync(path.join(dir, name), content);
    process.stdout.write(`wrote schemas/${name}\n`);
  }
}
