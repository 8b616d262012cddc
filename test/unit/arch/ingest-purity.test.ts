/**
 * src/ingest is pure (README "Architecture": I/O at the edges; README "Working on the twin
 * (conventions)"): no Node modules, no clock, no randomness, no process. tools/commands/ingest.ts
 * does the file I/O.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', 'src', 'ingest');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('src/ingest is pure', () => {
  it('imports no node: module and reads no clock, randomness or process', () => {
    const found = files(root).flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      const forbidden = [/from 'node:/, /\bDate\b/, /Math\.random/, /\bprocess\./, /\bperformance\./];
      const bad = forbidden.filter((re) => re.test(text));
      return bad.map((re) => `${f.slice(root.length + 1)}: ${re.source}`);
    });
    expect(files(root).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
