/**
 * Where the CLI may write. /proc and /sys are kernel interfaces, not places for output: a write
 * there changes the system or fails in odd ways (Node's recursive mkdir under /proc never returns),
 * so a path under them is refused before any work starts. Symlinks are followed as far as the path
 * exists (`/dev/fd` -> `/proc/self/fd`).
 */
import { realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../src/errors.js';

const KERNEL_FS = ['/proc', '/sys'];

/** The path with its longest existing prefix resolved through symlinks. */
function realish(path: string): string {
  let head = path;
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return path;
      tail.push(head.slice(up.length).replace(/^[/\\]+/, ''));
      head = up;
    }
  }
}

/**
 * The absolute output path for `flag`'s value `given` (relative to `cwd`); an InputError naming
 * the flag when it lies under /proc or /sys.
 */
export function outputPath(given: string, flag: string, cwd: string): string {
  const abs = resolve(cwd, given);
  for (const p of [abs, realish(abs)]) {
    const root = KERNEL_FS.find((k) => p === k || p.startsWith(k + sep));
    if (root) throw new InputError(`${flag} ${given}: under ${root}, a kernel interface; write output somewhere else`);
  }
  return abs;
}
