import { checkTrace, type CheckResult } from '../../src/analysis/check.js';
import { EXIT_FAILED } from '../../src/errors.js';
import type { Io } from '../io.js';
import { progress, withTrace } from './traceArgs.js';

/** `vtwin check` (registered in tools/register/check.ts). */
export function checkAction(io: Io, setExit: (code: number) => void, file: string, opts: { json?: boolean }): void {
  const r = withTrace(io, file, (reader) => {
    const p = progress(io, 'check');
    try {
      return checkTrace(reader, undefined, p.tick);
    } finally {
      p.done();
    }
  });
  if (opts.json) io.out(JSON.stringify({ file, ...r }, null, 2) + '\n');
  else printCheck(io, file, r);
  // Violations the recorded scenario names with `expect: violation` document known behaviour.
  if (r.unexpected.length > 0) setExit(EXIT_FAILED);
}

const LIVENESS: Record<CheckResult['liveness'], string> = {
  'recorded-settles': 'liveness checked where the run settled',
  'idle-at-end': 'liveness checked at the end (nothing left to run)',
  'not-checked': 'liveness not checked (the run did not end idle)',
};

function printCheck(io: Io, file: string, r: CheckResult): void {
  const out: string[] = [];
  out.push(`check ${file}: ${r.rules} rules over ${r.events} events; ` +
    `${LIVENESS[r.liveness]}${r.truncated ? `; trace truncated at byte ${r.truncatedAt}` : ''}`);
  if (r.violations.length === 0) out.push('  no violations');
  else if (r.expectedRules === null) out.push(`  ${r.violations.length} violation(s) (the trace records no ` +
    `expected rules: all count)`);
  else out.push(`  ${r.unexpected.length} unexpected violation(s), ${r.expected.length} expected ` +
    `(the recorded scenario expects ${r.expectedRules.join(', ') || 'none'})`);
  for (const v of r.unexpected) out.push(`  seq ${v.seq}: ${v.rule} (${v.actor}): ${v.message}`);
  for (const v of r.expected) out.push(`  expected: seq ${v.seq}: ${v.rule} (${v.actor}): ${v.message}`);
  if (r.added.length) out.push(`  ${r.added.length} of them were not in the recording (new or stricter rules)`);
  for (const v of r.missing) out.push(`  recorded but not found now: seq ${v.seq}: ${v.rule}: ${v.message}`);
  io.out(out.join('\n') + '\n');
}
