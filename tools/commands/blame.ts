import { blame, describeChanges, type BlameCause, type BlameResult } from '../../src/analysis/blame.js';
import { describeCommand, describeEvent } from '../../src/analysis/describe.js';
import { show } from '../../src/analysis/diff.js';
import type { DeviceConfig } from '../../src/domain/config.js';
import { namedEvent, stateNames } from '../../src/analysis/names.js';
import { parsePath } from '../../src/analysis/path.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

export interface BlameOpts {
  at?: number;
  limit?: number;
  json?: boolean;
}

/** `vtwin blame` (registered in tools/register/blame.ts). */
export function blameAction(io: Io, file: string, statePath: string, opts: BlameOpts): void {
  const { r, config } = withTrace(io, file, (reader) => ({
    r: blame(reader, statePath, { at: opts.at, limit: opts.limit }),
    config: reader.header.config,
  }));
  if (opts.json) return io.out(JSON.stringify(blameJson(r, config), null, 2) + '\n');
  printBlame(io, r, config);
}

/** The result with events by spec name and the names of the codes in the value (`config`: the recorded device). */
export function blameJson(r: BlameResult, config?: DeviceConfig): Record<string, unknown> {
  const entries = r.entries.map((e) => ({ ...e, event: namedEvent(e.event, config) }));
  return { ...r, names: stateNames(r.value, parsePath(r.path), config), entries };
}

function cause(c: BlameCause): string {
  const text = describeCommand(c.cmd);
  const line = c.src === undefined ? '' : ` (capture line ${c.src})`;
  return `command ${c.index} at t=${c.tick}${line}: ${text.length > 160 ? `${text.slice(0, 159)}…` : text}`;
}

function printBlame(io: Io, r: BlameResult, config: DeviceConfig): void {
  const value = r.value === undefined ? 'absent' : show(r.value, 200);
  const out: string[] = [`${r.path} after seq ${r.at} = ${value}`];
  if (r.changes === 0) out.push('  never changed by an event: it is the initial value');
  else {
    const some = r.changes > r.entries.length ? `; the last ${r.entries.length}` : '';
    out.push(`  changed by ${r.changes} event(s)${some}:`);
  }
  for (const e of r.entries) {
    out.push(`  ${describeEvent(e.event, config).trim()}`);
    out.push(`      ${describeChanges(e.changed, e.changedTotal)}`);
    if (e.command) out.push(`      caused by ${cause(e.command)}`);
    if (e.origin) out.push(`      work submitted by ${cause(e.origin)}`);
  }
  io.out(out.join('\n') + '\n');
}
