/**
 * The CLI's only contact with the outside world besides trace files: output streams, exit codes and
 * the error-to-exit-code mapping of README "CLI reference". Tests pass a capturing Io to run
 * in-process.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_BAD_INPUT, VtwinError } from '../src/errors.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress lines; colour too unless `color` says otherwise). */
  isTty: boolean;
  /** Whether to colour output (default: isTty). False when NO_COLOR is set (https://no-color.org). */
  color?: boolean;
  /** Working directory for relative paths. */
  cwd: string;
}

/** Colour only on a terminal, never in CI, and never when NO_COLOR is set to anything but "". */
export function colorWanted(isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTty && !env.CI && !env.NO_COLOR;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY) && !process.env.CI,
  color: colorWanted(Boolean(process.stdout.isTTY), process.env),
  cwd: process.cwd(),
};

export function captureIo(cwd = process.cwd()): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    cwd,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

/** Thrown by commands to end with a specific exit code after printing their output. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Map anything thrown by a command to (message on stderr, exit code). Never a stack trace for input errors. */
/**
 * A user's input file as text. A read error names the file as the user wrote it: reading a
 * directory fails in read(2), whose error carries no path, and would otherwise look like a bug.
 */
export function readInputText(io: Pick<Io, 'cwd'>, file: string): string {
  const at = resolve(io.cwd, file);
  try {
    return readAscii(at) ?? readFileSync(at, 'utf8');
  } catch (e) {
    throw Object.assign(e as Error, { path: file });
  }
}

/**
 * An ASCII file's text, or null when it is not ASCII. Captures are ASCII: then copying bytes gives
 * the string UTF-8 decoding would, in about half the time (~65 ms instead of ~130 ms for an 80 MB
 * QEMU log). Read a few megabytes at a time through one buffer: a whole-file buffer lived on until
 * a collection long after its string was made (+70 MB of peak memory in a long ingest).
 */
function readAscii(file: string): string | null {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    // A pipe or device (`/dev/stdin`) has no size to read up to: readFileSync reads it to its end.
    if (!st.isFile()) return null;
    const size = st.size;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, 1 << 23)));
    const parts: string[] = [];
    for (let at = 0; at < size;) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (!isAscii(chunk)) return null;
      parts.push(chunk.toString('latin1'));
      at += n;
    }
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}

export function exitCodeFor(e: unknown, io: Io): number {
  if (e instanceof ExitCode) return e.code;
  if (e instanceof VtwinError) {
    io.err(`vtwin: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.path) {
    io.err(`vtwin: ${err.path}: ${describeFsError(err)}\n`);
    return EXIT_BAD_INPUT;
  }
  io.err(`vtwin: internal error: ${err?.message ?? String(e)}\n(this is a bug in virtio-twin; please report it with ` +
    `the command line)\n`);
  if (process.env.VTWIN_DEBUG) io.err(`${err?.stack}\n`);
  return 70;
}

function describeFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'ENOTDIR':
      return 'not a directory (a file is in the way)';
    case 'EEXIST':
      return 'exists and is not a directory, expected a directory or a new path';
    case 'EACCES':
      return 'permission denied';
    default:
      return e.message;
  }
}
