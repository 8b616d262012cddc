/**
 * Writes the published JSON Schemas (schemas/) from the zod schemas that define them, so the two
 * never drift: `npm run schemas` after changing a format; a test fails while they differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureJsonSchema } from '../src/ingest/capture/schema.js';

/** Every published schema: file name -> its content, as written. */
export function publishedSchemas(): Record<string, string> {
  return { 'vtwin-capture.schema.json': JSON.stringify(captureJsonSchema(), null, 2) + '\n' };
}

if (process.argv[1] && path.basename(process.argv[1]) === 'schemas.js') {
  const dir = path.join(import.meta.dirname, '..', '..', 'schemas');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(publishedSchemas())) {
    fs.writeFileSync(path.join(dir, name), text);
    process.stdout.write(`wrote schemas/${name}\n`);
  }
}
