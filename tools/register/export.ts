import { Option, type Command } from 'commander';
import type { Io } from '../io.js';
import type { ExportOpts } from '../commands/export.js';

/** The formats of tools/commands/export.ts (its FORMATS table is keyed by exactly these). */
export const EXPORT_FORMATS = ['perfetto', 'capture'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function registerExport(program: Command, io: Io): void {
  program
    .command('export')
    .description(
      'export a trace for other tools: Chrome/Perfetto trace JSON (async slices per admin command, ' +
        'violations, counters, a track per VF incarnation)',
    )
    .argument('<trace>', 'trace file')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <file>', 'write here instead of stdout')
    .action(async (file: string, opts: ExportOpts) =>
      (await import('../commands/export.js')).exportAction(io, file, opts));
}
