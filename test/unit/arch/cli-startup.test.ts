/**
 * CLI start-up stays cheap (README "Working on the twin (conventions)": adding a command): what
 * `vtwin` loads before it knows which command runs is the registration code in tools/register/,
 * commander and tools/io.ts (for `vtwin --version`, not even that). Each command's module
 * (tools/commands/<name>.ts, and through it src/) is loaded with `import()` only when that command
 * runs. Checked on the sources: the modules reachable from tools/vtwin.ts and tools/cli.ts through
 * static imports that survive compilation (type-only imports are erased; `import()` is deferred).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const rel = (f: string) => relative(root, f);

/** Relative modules `file` (as `text`) imports at load time: import/export declarations that are not type-only. */
function loadTimeImports(file: string, text = readFileSync(file, 'utf8')): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
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

/** Every module loaded with `entry` (whose source may be given as `text`), relative to the root. */
function reachable(entry: string, text?: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let i = 0; i < queue.length; i++) {
    for (const dep of loadTimeImports(queue[i]!, i === 0 && text !== undefined ? text : undefined)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen].map(rel).sort();
}

describe('CLI start-up', () => {
  it('loads only registration code until a command runs', () => {
    // tools/vtwin.ts answers --version itself and loads the parser, tools/cli.ts, for anything else.
    expect(reachable(join(root, 'tools', 'vtwin.ts'))).toEqual(
      ['src/errors.ts', 'src/version.ts', 'tools/io.ts', 'tools/vtwin.ts']);
    const loaded = reachable(join(root, 'tools', 'cli.ts'));
    // tools/suggest.ts checks the command word on every invocation, before commander parses (an
    // unknown one is a usage error naming the closest commands); src/util/closest.ts is its
    // edit distance, a module that imports nothing.
    const allowed = (f: string) => f.startsWith('tools/register/') || ['tools/cli.ts', 'tools/io.ts',
      'tools/suggest.ts', 'src/errors.ts', 'src/util/closest.ts', 'src/version.ts'].includes(f);
    expect(loaded.filter((f) => !allowed(f)), 'loaded by `vtwin` before any command runs').toEqual([]);
    // Every registration module is listed (so the analysis above went through each of them).
    const modules = readdirSync(join(root, 'tools', 'register')).map((f) => `tools/register/${f}`);
    expect(loaded).toEqual(expect.arrayContaining(modules));
    expect(modules).toContain('tools/register/state.ts');
  });

  it('the check sees through a registration module that imports a command module eagerly', () => {
    const file = join(root, 'tools', 'register', 'state.ts');
    const text = readFileSync(file, 'utf8');
    // As written: a type-only import of the command module (erased) and the command module loaded
    // by import() in the action; the option parser is its only load-time import.
    expect(text).toMatch(/^import type \{[^}]*\} from '\.\.\/commands\/state\.js';$/m);
    expect(text).toContain("await import('../commands/state.js')");
    expect(loadTimeImports(file, text).map(rel)).toEqual(['tools/register/args.ts']);
    // The same module importing its command statically: the check follows it into src/ (the
    // analysis and the trace reader), so the first test would name those modules.
    const eager = `import { stateAction } from '../commands/state.js';\n${text}`;
    expect(loadTimeImports(file, eager).map(rel)).toEqual(['tools/commands/state.ts', 'tools/register/args.ts']);
    const loaded = reachable(file, eager);
    expect(loaded).toContain('src/analysis/stateAt.ts');
    expect(loaded).toContain('src/trace/reader.ts');
  });
});
