/**
 * vitest globalSetup: some tests run the built CLI (modules and the bin's bundle) and recorder
 * from dist/ in separate node processes. Build dist/ once, before any test, when it is missing or
 * older than a source file, so those tests neither skip nor run stale code; a failed build stops
 * the run with tsc's output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
/** What the tests run from dist/ (any one missing means there is no usable build). */
const OUTPUTS = ['dist/tools/vtwin.js', 'dist/tools/bench/record.js', 'dist/view/page.js', 'dist/view/local.js',
  'dist/cli/vtwin.cjs'];
const SOURCES = ['src', 'tools', 'tsconfig.json'];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function stale(): string | null {
  const missing = OUTPUTS.find((f) => !existsSync(join(ROOT, f)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  const source = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  return source > built ? 'a source file is newer than dist/' : null;
}

export default function setup(): void {
  const why = stale();
  if (!why) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    // The viewer's browser scripts (dist/view/), bundled from the compiled bundler.
    const bundle = join(ROOT, 'dist', 'tools', 'view', 'bundle.js');
    execFileSync(process.execPath, [bundle], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    // The bin's one-file CLI and its code cache, made after (so newer than) the modules above.
    execFileSync(process.execPath, [join(ROOT, 'dist', 'tools', 'cliBundle.js')], { cwd: ROOT, encoding: 'utf8',
      stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    const out = `${err.stdout ?? ''}${err.stderr ?? ''}` || String(e);
    throw new Error(`tests need dist/ (${why}), and building it (\`npm run build\`) failed:\n${out}`);
  }
  const still = stale();
  if (still) throw new Error(`tests need dist/, and after \`npm run build\` ${still}`);
}
