import type { Command } from 'commander';
import type { Io } from '../io.js';

/** `vtwin report`: runs in tools/commands/campaignReport.ts (tools/commands/report.ts formats `vtwin run`). */
export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description(
      'a fuzz campaign as one self-contained HTML page: findings by rule and root cause, timelines, coverage',
    )
    .argument('<dir>', "a campaign's --out directory (report.json, <rule>/<seed>.json|.vtrace)")
    .option('--out <file>', 'write here (default: <dir>/report.html)')
    .action(async (dir: string, opts: { out?: string }) =>
      (await import('../commands/campaignReport.js')).reportAction(io, dir, opts));
}
