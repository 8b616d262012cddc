/**
 * Build the `vtwin` bin's fast start (run by `npm run build`, after tsc):
 *
 *   node dist/tools/cliBundle.js
 *
 * 1. esbuild bundles dist/tools/vtwin.js and every module it can load into one CommonJS file,
 *    dist/cli/vtwin.cjs, ending in a line `// vtwin-bundle <id>` (id: a hash of the content).
 * 2. One warm-up run of the bin (`vtwin state` on a small recorded trace) saves V8's code cache
 *    for that file as dist/cli/vtwin-<id>.cache.
 *
 * Why: Node 20 has no compile cache for ES modules. Resolving, reading, linking and compiling the
 * ~240 modules of a command one by one was most of a short command's wall time; one file with a
 * code cache skips all of it (docs/performance.md#cli-start-up). V8 checks a cache against the
 * source's length only, so the id in the file name ties the cache to this exact bundle: a rebuilt
 * bundle never meets a stale cache.
 *
 * `import.meta.url` has no CommonJS form: each use is replaced by the URL of the module's own file
 * in dist/, so a worker script or an asset found next to it resolves exactly as without the bundle.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { packageRoot } from './view/assets.js';

/** Defined at the top of the bundle: the file URL of a module of dist/ by its path there. */
const ORIGIN = '__vtwinOrigin';
const BANNER = `const ${ORIGIN} = (rel) => require('node:url').pathToFileURL(require('node:path')` +
  `.join(__dirname, '..', rel)).href;`;

/**
 * zod's index re-exports every one of its ~250 locales as `locales`; the CLI never reads it (zod's
 * schemas import the English one themselves), yet in the bundle each would be built at start-up.
 * The bundle gets an empty `locales` instead: messages stay exactly as without the bundle.
 */
const ZOD_LOCALES: Plugin = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      (args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: 'zod-locales', namespace: 'vtwin-empty' }
        : undefined));
    b.onLoad({ filter: /.*/, namespace: 'vtwin-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export interface CliBundle {
  file: string;
  cache: string;
  bytes: number;
  cacheBytes: number;
}

export async function buildCli(): Promise<CliBundle> {
  const { build } = await import('esbuild');
  const root = packageRoot();
  const dist = join(root, 'dist');
  const outDir = join(dist, 'cli');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'vtwin.cjs');
  const result = await build({
    entryPoints: [join(dist, 'tools', 'vtwin.js')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    keepNames: true, // class and function names stay readable in error output
    legalComments: 'none',
    banner: { js: BANNER },
    // esbuild and playwright-core: build-time and browser tooling, never loaded by a command.
    // msgpackr-extract: msgpackr's optional native decoder, found in node_modules as without the bundle.
    external: ['esbuild', 'playwright-core', 'msgpackr-extract'],
    logLevel: 'silent',
    plugins: [ZOD_LOCALES, {
      name: 'import-meta-url',
      setup(b) {
        b.onLoad({ filter: /\.js$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!args.path.startsWith(dist + sep) || !text.includes('import.meta.url')) return undefined;
          const rel = relative(dist, args.path).split(sep).join('/');
          return { contents: text.replaceAll('import.meta.url', `${ORIGIN}(${JSON.stringify(rel)})`), loader: 'js' };
        });
      },
    }],
  });
  // A warning here is a module the bundle would run differently (an import.meta left, a require
  // it cannot follow): fail the build rather than ship a bin that differs from dist/tools/vtwin.js.
  const problems = [...result.errors, ...result.warnings];
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `${p.location?.file ?? ''}:${p.location?.line ?? ''} ${p.text}`).join('\n'));
  }
  const source = readFileSync(file, 'utf8');
  // esbuild escapes every non-ASCII character (its default charset), so the bin can read the file as
  // latin1, a plain byte copy, instead of decoding UTF-8: a few ms of every start. Checked, not assumed.
  const wide = [...source].findIndex((c) => c.charCodeAt(0) > 0x7f);
  if (wide >= 0) throw new Error(`${file}: non-ASCII character at offset ${wide}; the bin reads the bundle as latin1`);
  const id = createHash('sha256').update(source).digest('hex').slice(0, 16);
  writeFileSync(file, `${source}// vtwin-bundle ${id}\n`);
  const cache = join(outDir, `vtwin-${id}.cache`);
  warmUp(root, cache);
  await buildWorker(build, join(dist, 'tools', 'ingest', 'shadowWorker.js'), join(outDir, 'shadow-worker.mjs'));
  await buildWorker(build, join(dist, 'tools', 'replay', 'foldWorker.js'), join(outDir, 'fold-worker.mjs'));
  return { file, cache, bytes: statSync(file).size, cacheBytes: statSync(cache).size };
}

/**
 * A worker (the ingest's, tools/ingest/shadowWorker.ts; the fold replay's, tools/replay/foldWorker.ts)
 * bundled into one ES module in dist/cli/, which the main thread starts when it is there (tools/workers.ts):
 * a worker starts cold in every command that uses it, and loading the twin as ~100 modules took
 * the ingest's ~95 ms, as one file ~57 ms (an empty worker: ~20 ms). ES module, not CommonJS: a
 * worker awaits its modules at top level.
 */
async function buildWorker(build: typeof import('esbuild').build, entry: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // msgpackr loads its native string extractor with `require`, which an ES module lacks: without
    // one, the bundled fold worker decoded strings in JavaScript (a 10 M-event stretch ~30% slower).
    banner: { js: "import { createRequire as __vtwinRequire } from 'node:module'; " +
      'const require = __vtwinRequire(import.meta.url);' },
    target: 'node20',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    external: ['msgpackr-extract'],
    logLevel: 'silent',
    plugins: [ZOD_LOCALES],
  });
  const problems = [...result.errors, ...result.warnings];
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `${p.location?.file ?? ''}:${p.location?.line ?? ''} ${p.text}`).join('\n'));
  }
}

/** Record a small trace, then run `vtwin state --at` on it through the bin, which saves its code cache. */
function warmUp(root: string, cache: string): void {
  const bin = join(root, 'tools', 'vtwin-bin.cjs');
  const tmp = mkdtempSync(join(tmpdir(), 'vtwin-bundle-'));
  try {
    const scenarios = join(root, 'scenarios');
    const scenario = join(scenarios, readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort()[0]!);
    const trace = join(tmp, 'warm-up.vtrace');
    run(bin, ['run', scenario, '--record', trace], {});
    run(bin, ['state', trace, '--at', '1'], { VTWIN_CODE_CACHE_OUT: cache });
    statSync(cache); // the bin wrote it, or the build fails here saying which file is missing
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function run(bin: string, args: string[], env: Record<string, string>): void {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`warm-up \`vtwin ${args.join(' ')}\` exited ${r.status}: ${r.stderr.trim()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildCli().then(
    (b) => process.stdout.write(`built ${b.file} (${b.bytes} bytes) and its code cache (${b.cacheBytes} bytes)\n`),
    (e: unknown) => {
      process.stderr.write(`CLI bundle failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
