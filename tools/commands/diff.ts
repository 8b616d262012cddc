import { formatDiff, show, type DiffResult } from '../../src/analysis/diff.js';
import { namedEvent, stateNames } from '../../src/analysis/names.js';
import { formatPath, parsePath } from '../../src/analysis/path.js';
import { diffTraces, type TraceDiffResult } from '../../src/analysis/traceDiff.js';
import type { DeviceConfig } from '../../src/domain/config.js';
import type { Event } from '../../src/domain/events.js';
import { isEvent, type CommandRec, type TraceRecord } from '../../src/trace/format.js';
import { EXIT_FAILED } from '../../src/errors.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

/** `vtwin diff` (registered in tools/register/diff.ts). */
export function diffAction(io: Io, setExit: (code: number) => void, a: string, b: string,
    opts: { json?: boolean }): void {
  const { r, ca, cb } = withTrace(io, a, (ra) =>
    withTrace(io, b, (rb) => ({ r: diffTraces(ra, rb), ca: ra.header.config, cb: rb.header.config })));
  if (opts.json) io.out(JSON.stringify({ a, b, ...named(r, ca, cb) }, null, 2) + '\n');
  else printDiff(io, a, b, r);
  if (!r.identical) setExit(EXIT_FAILED);
}

/**
 * The JSON form, codes by spec name as every JSON the CLI prints (README "CLI reference"): the
 * differing records when they are events (numbers under `codes`), and `names`, per side, of each
 * code in the state diff's values by path, as `vtwin state --json` gives them. Each side's opcodes
 * are named as its own device numbers them.
 */
function named(r: TraceDiffResult, ca: DeviceConfig, cb: DeviceConfig): TraceDiffResult {
  const d = r.difference;
  if (!d) return r;
  const rec = (x: Event | CommandRec | null, config: DeviceConfig) =>
    x !== null && isEvent(x as TraceRecord) ? (namedEvent(x as Event, config) as unknown as Event) : x;
  const names = { a: sideNames(d.stateDiff, 'a', ca), b: sideNames(d.stateDiff, 'b', cb) };
  return { ...r, difference: { ...d, a: rec(d.a, ca), b: rec(d.b, cb), names } as typeof d };
}

function sideNames(diff: DiffResult, side: 'a' | 'b', config: DeviceConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of diff.entries) {
    if (e[side] === undefined) continue;
    const path = parsePath(e.path);
    // Keyed by the entry's own path text (`aq.commands.12`: a cid), which formatPath would respell.
    const prefix = formatPath(path);
    for (const [k, v] of Object.entries(stateNames(e[side], path, config))) out[e.path + k.slice(prefix.length)] = v;
  }
  return out;
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
