import { blame, type BlameCause, type BlameResult } from '../../src/analysis/blame.js';
import { show } from '../../src/analysis/diff.js';
import { describeEvent } from '../../src/analysis/timeline.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

export interface BlameOpts {
  at?: number;
  limit?: number;
  json?: boolean;
}

/** `vtwin blame` (registered in tools/register/blame.ts). */
export function blameAction(io: Io, file: string, statePath: string, opts: BlameOpts): void {
  const r = withTrace(io, file, (reader) => blame(reader, statePath, { at: opts.at, limit: opts.limit }));
  if (opts.json) return io.out(JSON.stringify(r, null, 2) + '\n');
  printBlame(io, r);
}

function cause(c: BlameCause): string {
  const { op, ...rest } = c.cmd as unknown as Record<string, unknown>;
  return `command ${c.index} at t=${c.tick}: ${String(op)} ${show(rest, 160)}`;
}

function printBlame(io: Io, r: BlameResult): void {
  const out: string[] = [`${r.path} after seq ${r.at} = ${show(r.value, 200)}`];
  if (r.changes === 0) out.push('  never changed by an event: it is the initial value');
  else out.push(
    `  changed by ${r.changes} event(s)${r.changes > r.entries.length ? `; the last ${r.entries.length}` : ''}:`);
  for (const e of r.entries) {
    out.push(`  ${describeEvent(e.event).trim()}`);
    out.push(`      ${show(e.before, 100)} -> ${show(e.after, 100)}`);
    if (e.command) out.push(`      caused by ${cause(e.command)}`);
    if (e.origin) out.push(`      work submitted by ${cause(e.origin)}`);
  }
  io.out(out.join('\n') + '\n');
}
