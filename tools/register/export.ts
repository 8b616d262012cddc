import { Option, type Command } from 'commander';
import type { Io } from '../io.js';
import type { ExportOpts } from '../commands/export.js';

export function registerExport(program: Command, io: Io): void {
  program
    .command('export')
    .description('export a trace for other tools: Chrome/Perfetto trace JSON (a track per VF and admin queue)')
    .argument('<trace>', 'trace file')
    .addOption(new Option('--format <format>', 'output format').choices(['perfetto']).makeOptionMandatory())
    .option('--out <file>', 'write here instead of stdout')
    .action(async (file: string, opts: ExportOpts) =>
      (await import('../commands/export.js')).exportAction(io, file, opts));
}
