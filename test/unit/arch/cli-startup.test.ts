/**
 * CLI start-up stays cheap (README "Working on the twin (conventions)": adding a command): what
 * `vtwin` loads before it knows which command runs is the registration code in tools/register/,
 * commander and tools/io.ts (for `vtwin --version`, not even that). Each command's module
 * (tools/commands/<name>.ts, and through it src/) is loaded with `import()` only when that command
 * runs. Checked on the sources: the modules reachable from tools/vtwin.ts and tools/cli.ts through
 * static imports that survive compilation (type-only imports are erased; `import()` is deferred).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

/** Relative modules `file` imports at load time: import/export declarations that are not type-only. */
function loadTimeImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const st of src.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      const typeOnly = c !== undefined && (c.isTypeOnly || (c.name === undefined && c.namedBindings !== undefined
        && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0
        && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) spec = st.moduleSpecifier;
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      spec = st.moduleSpecifier;
    }
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
      out.push(resolve(dirname(file), spec.text).replace(/\.js$/, '.ts'));
    }
  }
  return out;
}

function reachable(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let i = 0; i < queue.length; i++) {
    for (const dep of loadTimeImports(queue[i]!)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen].map((f) => relative(root, f)).sort();
}

describe('CLI start-up', () => {
  it('loads only registration code until a command runs', () => {
    // tools/vtwin.ts answers --version itself and loads the parser, tools/cli.ts, for anything else.
    expect(reachable(join(root, 'tools', 'vtwin.ts'))).toEqual(
      ['src/errors.ts', 'src/version.ts', 'tools/io.ts', 'tools/vtwin.ts']);
    const loaded = reachable(join(root, 'tools', 'cli.ts'));
    const allowed = (f: string) => f.startsWith('tools/register/') || ['tools/cli.ts', 'tools/io.ts',
      'src/errors.ts', 'src/version.ts'].includes(f);
    expect(loaded.filter((f) => !allowed(f)), 'loaded by `vtwin` before any command runs').toEqual([]);
    expect(loaded).toContain('tools/register/state.ts');
  });

  it('the check sees through a registration module that imports a command module eagerly', () => {
    const file = join(root, 'tools', 'register', 'state.ts');
    expect(loadTimeImports(file).map((f) => relative(root, f))).toEqual(['tools/register/args.ts']);
    // tools/commands/state.ts, if imported statically, would pull in src/ (the analysis and the reader).
    expect(reachable(join(root, 'tools', 'commands', 'state.ts'))).toContain('src/trace/reader.ts');
  });
});
