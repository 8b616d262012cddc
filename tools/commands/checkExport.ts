/**
 * `vtwin check-export <file.json>`: check a Chrome/Perfetto trace JSON file (a `vtwin export`, or
 * any other) against the Trace Event Format: what Perfetto and chrome://tracing would drop or
 * mis-draw (src/analysis/tefCheck.ts). Exit 0 valid, 1 problems found, 2 not a JSON file.
 * Registered in tools/register/checkExport.ts.
 */
import { checkTraceEvents } from '../../src/analysis/tefCheck.js';
import { EXIT_FAILED } from '../../src/errors.js';
import { parseJson } from '../../src/scenario/syntax.js';
import { readInputText, type Io } from '../io.js';

export function checkExportAction(io: Io, setExit: (code: number) => void, file: string,
    opts: { json?: boolean }): void {
  const r = checkTraceEvents(parseJson(readInputText(io, file), file));
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
}
