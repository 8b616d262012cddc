/**
 * The viewer's built scripts (dist/view/page.js, dist/view/local.js), found from the package root
 * whether the CLI runs from dist/ or from the TypeScript sources (tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'virtio-twin')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the virtio-twin package root');
    dir = up;
  }
}

export const viewDir = (): string => join(packageRoot(), 'dist', 'view');

export interface ViewAssets {
  /** The page's UI. */
  page: string;
  /** The in-page trace reader of self-contained pages. */
  local: string;
}

export function viewAssets(): ViewAssets {
  const dir = viewDir();
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file))
      throw new InputError(`the viewer page is not built (${file} is missing): run \`npm run build\``);
    return readFileSync(file, 'utf8');
  };
  return { page: read('page.js'), local: read('local.js') };
}
