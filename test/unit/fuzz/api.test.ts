/**
 * The fuzz API is public and the CLI is built on it (src/index.ts header): everything
 * src/fuzz/index.ts exports is exported by the package entry point, and tools/ reach src/fuzz
 * only through that module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fuzz from '../../../src/fuzz/index.js';
import * as api from '../../../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('the fuzz API', () => {
  it('is exported from the package entry point, value for value', () => {
    const names = Object.keys(fuzz);
    expect(names).toEqual(expect.arrayContaining(
      ['driveCampaign', 'mutationScore', 'parseReport', 'mergeReports', 'inProcessExecutor', 'fuzzRun',
      'shrinkFinding']));
    for (const name of names) expect((api as Record<string, unknown>)[name],
      name).toBe((fuzz as Record<string, unknown>)[name]);
  });

  it('README imports from virtio-twin only names the package exports', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const names = [...readme.matchAll(/import \{([^}]*)\} from 'virtio-twin'/g)].flatMap(
      (m) => m[1]!.split(',').map((n) => n.trim()).filter((n) => !n.startsWith('type ')));
    expect(names).toEqual(expect.arrayContaining(['driveCampaign', 'mutationScore']));
    for (const name of names) expect(Object.keys(api), name).toContain(name);
  });

  it('is how tools/ reach src/fuzz', () => {
    const deep: string[] = [];
    for (const f of tsFiles(join(root, 'tools'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '([^']*src\/fuzz\/[^']*)'/g)) {
        if (!m[1]!.endsWith('src/fuzz/index.js')) deep.push(`${relative(root, f)}: ${m[1]}`);
      }
    }
    expect(deep).toEqual([]);
  });
});
