/**
 * `vtwin export <trace> --format F` (registered in tools/register/export.ts): a trace for other
 * tools. Each format is one row of FORMATS: how it writes, and what `--out` says afterwards; a new
 * format is a new row here and a name in EXPORT_FORMATS (the compiler holds the two together).
 */
import * as fs from 'node:fs';
import { exportCapture } from '../../src/analysis/captureExport.js';
import { exportPerfetto } from '../../src/analysis/perfetto.js';
import type { ScanResult, TraceReader } from '../../src/trace/reader.js';
import type { Io } from '../io.js';
import type { ExportFormat } from '../register/export.js';
import { outputPath } from '../outputPath.js';
import { warnTruncated, withTrace } from './traceArgs.js';

interface Format {
  description: string;
  /** Stream the export to `emit`; returns the scan's result (truncation). */
  write(reader: TraceReader, emit: (text: string) => void, io: Io): ScanResult;
  /** Printed on stderr after writing `--out`. */
  wrote(file: string): string;
}

const FORMATS: Record<ExportFormat, Format> = {
  perfetto: {
    description: 'Chrome/Perfetto trace JSON',
    write: (reader, emit) => exportPerfetto(reader, emit),
    wrote: (file) => `vtwin: wrote ${file} (open it in https://ui.perfetto.dev or chrome://tracing)\n`,
  },
  capture: {
    description: 'vtwin-capture JSON lines (what a device-side probe would log; vtwin ingest reads it back)',
    write: (reader, emit, io) => {
      const r = exportCapture(reader, emit);
      const left = Object.entries(r.notCarried).map(([op, n]) => `${op} ${n}`);
      const warn = 'vtwin: warning: vtwin-capture cannot carry the effects of these commands, left out: ';
      if (left.length) io.err(`${warn}${left.join(', ')}\n`);
      return r;
    },
    wrote: (file) => `vtwin: wrote ${file} (read it back with vtwin ingest)\n`,
  },
};

export interface ExportOpts {
  format: ExportFormat;
  out?: string;
}

export function exportAction(io: Io, file: string, opts: ExportOpts): void {
  const format = FORMATS[opts.format];
  withTrace(io, file, (reader) => {
    let fd = -1;
    const outPath = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : null;
    if (outPath) fd = fs.openSync(outPath, 'w');
    try {
      const emit = fd >= 0 ? (t: string) => void fs.writeSync(fd, t) : (t: string) => io.out(t);
      const r = format.write(reader, emit, io);
      warnTruncated(io, r, 'exported the events before the cut');
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
    if (opts.out !== undefined) io.err(format.wrote(opts.out));
  });
}
