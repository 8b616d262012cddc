import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { exportCapture } from '../../src/analysis/captureExport.js';
import { exportPerfetto } from '../../src/analysis/perfetto.js';
import type { Io } from '../io.js';
import { warnTruncated, withTrace } from './traceArgs.js';

export function registerExport(program: Command, io: Io): void {
  program
    .command('export')
    .description(
      'export a trace for other tools: Chrome/Perfetto trace JSON (a track per VF and admin queue), or a ' +
        'vtwin-capture (what a device-side probe would log; vtwin ingest reads it back)',
    )
    .argument('<trace>', 'trace file')
    .addOption(new Option('--format <format>', 'output format').choices(['perfetto', 'capture']).makeOptionMandatory())
    .option('--out <file>', 'write here instead of stdout')
    .action((file: string, opts: { format: 'perfetto' | 'capture'; out?: string }) => {
      withTrace(io, file, (reader) => {
        let fd = -1;
        const outPath = opts.out !== undefined ? path.resolve(io.cwd, opts.out) : null;
        if (outPath) fd = fs.openSync(outPath, 'w');
        try {
          const emit = fd >= 0 ? (t: string) => void fs.writeSync(fd, t) : (t: string) => io.out(t);
          if (opts.format === 'capture') {
            const r = exportCapture(reader, emit);
            warnTruncated(io, r, 'exported the events before the cut');
            const left = Object.entries(r.notCarried).map(([op, n]) => `${op} ${n}`);
            const warn = 'vtwin: warning: vtwin-capture cannot carry the effects of these commands, left out: ';
            if (left.length) io.err(`${warn}${left.join(', ')}\n`);
          } else {
            const r = exportPerfetto(reader, emit);
            warnTruncated(io, r, 'exported the events before the cut');
          }
        } finally {
          if (fd >= 0) fs.closeSync(fd);
        }
        const hint = opts.format === 'capture' ? 'read it back with vtwin ingest' : 'open it in ui.perfetto.dev';
        if (outPath) io.err(`vtwin: wrote ${opts.out} (${hint})\n`);
      });
    });
}
