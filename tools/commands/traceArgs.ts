/** Shared by the trace commands: opening a trace argument, integer options, progress, warnings. */
import * as path from 'node:path';
import { openTraceFile } from '../../src/trace/file.js';
import type { OpenOptions, TraceReader } from '../../src/trace/reader.js';
import type { Io } from '../io.js';

/** Open a trace named on the command line; messages name it as the user wrote it. */
export function openTraceArg(io: Io, file: string, opts: OpenOptions = {}): TraceReader {
  try {
    return openTraceFile(path.resolve(io.cwd, file), file, opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && err.path) err.path = file;
    throw e;
  }
}

/** Run `f` on an opened trace and close it whatever happens. */
export function withTrace<T>(io: Io, file: string, f: (r: TraceReader) => T, opts: OpenOptions = {}): T {
  const reader = openTraceArg(io, file, opts);
  try {
    return f(reader);
  } finally {
    reader.close();
  }
}


/**
 * A progress line on stderr when stdout is a terminal (README "CLI reference"); nothing otherwise.
 */
export function progress(io: Io, label: string): { tick?: (offset: number, size: number) => void; done(): void } {
  if (!io.isTty) return { done: () => {} };
  let last = -1;
  return {
    tick(offset, size) {
      const pct = size > 0 ? Math.floor((offset / size) * 100) : 100;
      if (pct === last) return;
      last = pct;
      io.err(`\r${label} ${String(pct).padStart(3)}%`);
    },
    done() {
      if (last >= 0) io.err('\r\x1b[K');
    },
  };
}

export function warnTruncated(io: Io, r: { truncated: boolean; truncatedAt: number | null;
    truncatedReason?: string | null; reason?: string | null }, what: string): void {
  if (!r.truncated) return;
  io.err(`vtwin: warning: trace truncated at byte ${r.truncatedAt} (${r.truncatedReason ?? r.reason}); ${what}\n`);
}
