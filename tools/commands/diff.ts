import { formatDiff, show } from '../../src/analysis/diff.js';
import { diffTraces, type TraceDiffResult } from '../../src/analysis/traceDiff.js';
import { EXIT_FAILED } from '../../src/errors.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

/** `vtwin diff` (registered in tools/register/diff.ts). */
export function diffAction(io: Io, setExit: (code: number) => void, a: string, b: string,
    opts: { json?: boolean }): void {
  const r = withTrace(io, a, (ra) => withTrace(io, b, (rb) => diffTraces(ra, rb)));
  if (opts.json) io.out(JSON.stringify({ a, b, ...r }, null, 2) + '\n');
  else printDiff(io, a, b, r);
  if (!r.identical) setExit(EXIT_FAILED);
}

function printDiff(io: Io, a: string, b: string, r: TraceDiffResult): void {
  const out: string[] = [];
  if (r.header.total > 0) {
    out.push('headers differ (A vs B):');
    out.push(...formatDiff(r.header, ['A', 'B']));
  }
  const d = r.difference;
  if (!d) {
    out.push(r.header.total > 0 ? `records are identical (${r.common.events} events, ${r.common.commands} commands)`
      : `identical: ${r.common.events} events, ${r.common.commands} commands`);
  } else {
    out.push(`first difference at seq ${d.seq} (command ${d.command}), after ${r.common.events} equal events and ` +
      `${r.common.commands} equal commands:`);
    out.push(`  A (${a}): ${d.a ? show(d.a, 200) : 'ends here'}`);
    out.push(`  B (${b}): ${d.b ? show(d.b, 200) : 'ends here'}`);
    if (d.a && d.b && d.recordDiff.total > 0) {
      out.push('  record diff (A vs B):');
      out.push(...formatDiff(d.recordDiff, ['A', 'B']));
    }
    out.push(d.stateDiff.total === 0 ? '  states after that command: equal' : '  states after that command (A vs B):');
    out.push(...formatDiff(d.stateDiff, ['A', 'B']));
  }
  if (r.truncated.a || r.truncated.b) out.push(
    `note: ${[r.truncated.a ? 'A' : '', r.truncated.b ? 'B' : ''].filter(Boolean).join(' and ')} truncated`);
  io.out(out.join('\n') + '\n');
}
