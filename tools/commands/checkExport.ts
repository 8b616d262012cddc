/**
 * `vtwin check-export <file.json>`: check a Chrome/Perfetto trace JSON file (a `vtwin export`, or
 * any other) against the Trace Event Format: what Perfetto and chrome://tracing would drop or
 * mis-draw (src/analysis/tefCheck.ts). Exit 0 valid, 1 problems found, 2 not a JSON file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { checkTraceEvents } from '../../src/analysis/tefCheck.js';
import { EXIT_FAILED } from '../../src/errors.js';
import { parseJson } from '../../src/scenario/syntax.js';
import type { Io } from '../io.js';

export function registerCheckExport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('check-export')
    .description('check a Chrome/Perfetto trace JSON file against the Trace Event Format (exit 1 on problems)')
    .argument('<file>', 'trace JSON, e.g. from vtwin export --format perfetto')
    .option('--json', 'one JSON document on stdout: { file, ok, total, problems, events, byPhase }')
    .action((file: string, opts: { json?: boolean }) => {
      const r = checkTraceEvents(parseJson(readFileSync(path.resolve(io.cwd, file), 'utf8'), file));
      if (opts.json) io.out(JSON.stringify({ file, ...r }, null, 2) + '\n');
      else {
        const phases = Object.entries(r.byPhase)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        io.out(`${file}: ${r.events} events (${phases}): ${r.ok ? 'valid' : `${r.total} problem(s)`}\n`);
        for (const p of r.problems) io.out(`  ${p.message}\n`);
        if (r.total > r.problems.length) io.out(`  … and ${r.total - r.problems.length} more\n`);
      }
      if (!r.ok) setExit(EXIT_FAILED);
    });
}
