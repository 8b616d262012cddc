/**
 * Build the viewer's browser scripts with esbuild (a dev dependency): the page UI
 * (src/view/page/main.ts → dist/view/page.js) and the in-page trace reader of self-contained
 * pages (src/view/local.ts → dist/view/local.js). Run by `npm run build`:
 *
 *   node dist/tools/view/bundle.js
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, viewDir } from './assets.js';

export async function buildView(): Promise<string[]> {
  const { build } = await import('esbuild');
  const root = packageRoot();
  const out = viewDir();
  mkdirSync(out, { recursive: true });
  const entries: [string, string][] = [
    [join(root, 'src', 'view', 'page', 'main.ts'), join(out, 'page.js')],
    [join(root, 'src', 'view', 'local.ts'), join(out, 'local.js')],
  ];
  for (const [entry, outfile] of entries) {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'error',
    });
  }
  return entries.map(([, f]) => f);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildView().then(
    (files) => process.stdout.write(`built ${files.join(', ')}\n`),
    (e: unknown) => {
      process.stderr.write(`view bundle failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
