/**
 * Record the bench's admin workload to a trace file:
 *
 *   node dist/tools/bench/record.js <out.vtrace> [events=100000] [vfs=8] [seed=1]
 *
 * Used by the cross-process determinism test (two processes, same arguments, same bytes) and
 * handy for trying `vtwin replay` / `timeline` / `state` on a big trace.
 */
import { recordWorkload } from './sections/common.js';

function int(s: string | undefined, dflt: number, what: string): number {
  if (s === undefined) return dflt;
  if (!/^\d+$/.test(s)) {
    process.stderr.write(`record: ${what} must be a non-negative integer, got ${JSON.stringify(s)}\n`);
    process.exit(2);
  }
  return Number(s);
}

const [out, events, vfs, seed] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: node dist/tools/bench/record.js <out.vtrace> [events] [vfs] [seed]\n');
  process.exit(2);
}
const r = recordWorkload(out, int(vfs, 8, 'vfs'), int(events, 100_000, 'events'), int(seed, 1, 'seed'));
process.stdout.write(
  `${out}: ${r.summary.events} events, ${r.summary.commands} commands, ${r.summary.bytes} bytes, final state hash ` +
  `${r.summary.finalHash}\n`);
