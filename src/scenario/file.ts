/**
 * The scenario file adapter: the one place in src/scenario that touches the file system, like the
 * trace file adapters (README "Architecture": only the edges do I/O). Everything else takes text.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_SCENARIO_CHARS, parseScenario } from './loader.js';
import type { Scenario } from './types.js';

export const SCENARIO_FILE = /\.(json|ya?ml)$/i;

/** Read and validate one scenario file. `label` names it in messages (default: `path`). */
export function loadScenario(path: string, label = path): Scenario {
  const text = readTextFile(path, label, MAX_SCENARIO_CHARS, 'a scenario file');
  return parseScenario(text, label);
}

/**
 * A text file read with a byte budget: stat sizes say 0 for /dev/zero, pipes and /proc files, so
 * the budget is enforced on the bytes actually read (at most `maxBytes` + 1 of them). Pipes and
 * process substitutions (`<(...)`) work; directories are refused.
 */
export function readTextFile(path: string, label: string, maxBytes: number, what: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fsError(e, label);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError(`${label}: is a directory, expected ${what}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new InputError(
        `${label}: more than ${maxBytes / (1024 * 1024)} MiB; ${what} may be at most ${maxBytes / (1024 * 1024)} MiB`);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    throw fsError(e, label);
  } finally {
    closeSync(fd);
  }
}

/** Scenario files in a directory (not recursive), sorted by name so runs are in a stable order. */
export function scenarioFilesIn(dir: string, label = dir): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw fsError(e, label);
  }
  return names
    .filter((n) => SCENARIO_FILE.test(n))
    .sort()
    .map((n) => join(dir, n));
}

export interface ScenarioPath {
  /** Where to read it. */
  path: string;
  /** How to name it in messages: as the user wrote it (directory entries joined to it). */
  label: string;
}

/**
 * Files for a list of paths: files as given, directories expanded to their scenario files.
 * Relative paths are resolved against `cwd`; labels keep the user's spelling.
 */
export function expandScenarioPaths(paths: readonly string[], cwd = '.'): ScenarioPath[] {
  const out: ScenarioPath[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (e) {
      throw fsError(e, p);
    }
    if (!isDir) {
      out.push({ path: abs, label: p });
      continue;
    }
    const files = scenarioFilesIn(abs);
    if (files.length === 0) throw new InputError(`${p}: no scenario files (.json, .yaml, .yml) in this directory`);
    for (const f of files) out.push({ path: f, label: join(p, basename(f)) });
  }
  return out;
}

function fsError(e: unknown, path: string): Error {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOTDIR' ? 'not a directory'
    : (e as Error).message;
  return new InputError(`${path}: ${why}`);
}
