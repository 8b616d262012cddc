/**
 * How the user can run vtwin in their shell, for hints they copy and paste ("reproduce: ... run
 * x.json"): `vtwin` when a `vtwin` is on their PATH, else `npx vtwin` (the package installed in a
 * project, or this repository). npm and npx put every node_modules/.bin on PATH while they run
 * us, and the user's shell does not have those: they do not count.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `vtwin` or `npx vtwin`, from the PATH in `env` (default: this process's). */
export function vtwinCommand(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d && !d.endsWith(`${sep}node_modules${sep}.bin`)
    && !d.endsWith(`${sep}node_modules${sep}.bin${sep}`));
  const names = process.platform === 'win32' ? ['vtwin.cmd', 'vtwin.exe', 'vtwin'] : ['vtwin'];
  return dirs.some((d) => names.some((n) => executable(join(d, n)))) ? 'vtwin' : 'npx vtwin';
}

let cached: string | undefined;

/** vtwinCommand() for this process, looked up once. */
export function vtwin(): string {
  cached ??= vtwinCommand();
  return cached;
}

/** `path` as one shell word: quoted when it holds anything a shell would split or expand. */
export function shellWord(path: string): string {
  return /^[\w./:@%+=,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
