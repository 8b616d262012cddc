import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportPerfetto } from '../../src/analysis/perfetto.js';
import type { Io } from '../io.js';
import { warnTruncated, withTrace } from './traceArgs.js';

export interface ExportOpts {
  format: 'perfetto';
  out?: string;
}

/** `vtwin export` (registered in tools/register/export.ts). */
export function exportAction(io: Io, file: string, opts: ExportOpts): void {
  withTrace(io, file, (reader) => {
    let fd = -1;
    const outPath = opts.out !== undefined ? path.resolve(io.cwd, opts.out) : null;
    if (outPath) fd = fs.openSync(outPath, 'w');
    try {
      const emit = fd >= 0 ? (t: string) => void fs.writeSync(fd, t) : (t: string) => io.out(t);
      const r = exportPerfetto(reader, emit);
      warnTruncated(io, r, 'exported the events before the cut');
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
    if (outPath) io.err(`vtwin: wrote ${opts.out} (open it in https://ui.perfetto.dev)\n`);
  });
}
