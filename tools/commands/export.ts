import * as fs from 'node:fs';
import { Option, type Command } from 'commander';
import { exportPerfetto } from '../../src/analysis/perfetto.js';
import type { Io } from '../io.js';
import { outputPath } from '../outputPath.js';
import { warnTruncated, withTrace } from './traceArgs.js';

export function registerExport(program: Command, io: Io): void {
  program
    .command('export')
    .description('export a trace for other tools: Chrome/Perfetto trace JSON (a track per VF and admin queue)')
    .argument('<trace>', 'trace file')
    .addOption(new Option('--format <format>', 'output format').choices(['perfetto']).makeOptionMandatory())
    .option('--out <file>', 'write here instead of stdout')
    .action((file: string, opts: { format: 'perfetto'; out?: string }) => {
      withTrace(io, file, (reader) => {
        let fd = -1;
        const outPath = opts.out !== undefined ? outputPath(opts.out, '--out', io.cwd) : null;
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
    });
}
