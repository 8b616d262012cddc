import type { Command } from 'commander';
import type { Io } from '../io.js';

export function registerCheckExport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('check-export')
    .description('check a Chrome/Perfetto trace JSON file against the Trace Event Format (exit 1 on problems)')
    .argument('<file>', 'trace JSON, e.g. from vtwin export --format perfetto')
    .option('--json', 'one JSON document on stdout: { file, ok, total, problems, events, byPhase }')
    .action(async (file: string, opts: { json?: boolean }) =>
      (await import('../commands/checkExport.js')).checkExportAction(io, setExit, file, opts));
}
