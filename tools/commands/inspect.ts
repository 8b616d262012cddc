import { inspectTrace, type Inspection } from '../../src/analysis/inspect.js';
import type { Io } from '../io.js';
import { withTrace } from './traceArgs.js';

/** `vtwin inspect` (registered in tools/register/inspect.ts). */
export function inspectAction(io: Io, file: string, opts: { json?: boolean }): void {
  // A trace from a newer twin is shown, not refused: inspect only says what the file holds.
  const r = withTrace(io, file, inspectTrace, { foreign: true });
  if (opts.json) return io.out(JSON.stringify(r, null, 2) + '\n');
  printInspection(io, r);
}

function printInspection(io: Io, r: Inspection): void {
  const h = r.header;
  const out: string[] = [];
  out.push(`${r.file}: virtio-twin trace, format ${h.formatVersion}, recorded by twin ` +
    `${h.twinVersion}${r.versionSkew ? ' (another version than this one)' : ''}`);
  out.push(`  producer   ${h.producer}`);
  const { eventTypes, profiles } = r.unknown;
  if (eventTypes.length || profiles.length) {
    out.push(`  unknown    to this twin: ${[...eventTypes, ...profiles].join(', ')} (other commands refuse it)`);
  }
  out.push(`  device     profile ${h.profile}, ${h.config.totalVFs} VFs, ${h.config.adminQueues} admin queue(s) x ` +
    `${h.config.aqDepth}, memberIncarnation ${h.config.memberIncarnation}; seed ${h.seed}`);
  const status = r.complete ? 'complete' : r.truncated
    ? `TRUNCATED at byte ${r.truncatedAt} (${r.truncatedReason})` : 'incomplete';
  out.push(`  file       ${r.bytes} bytes, ${r.bytesPerEvent} bytes/event, ${status}`);
  out.push(`  run        ${r.events} events (seq ${r.firstSeq}..${r.lastSeq}), ${r.commands} commands, ticks ` +
    `${r.firstTick}..${r.lastTick}, ${r.settles} settle(s)`);
  out.push(`  index      ${r.checkpoints} checkpoints (every ${h.checkpointEvery} events), ${r.snapshots} snapshots, ` +
    `${r.segments} segment(s)${r.finalHash ? `, final state hash ${r.finalHash}` : ''}`);
  out.push('  events by type:');
  for (const [t, n] of Object.entries(r.eventCounts)) out.push(`    ${t.padEnd(24)} ${n}`);
  if (r.violations.total === 0) out.push('  violations: none');
  else {
    out.push(`  violations: ${r.violations.total}`);
    for (const [rule, n] of Object.entries(r.violations.byRule)) out.push(`    ${rule.padEnd(44)} ${n}`);
    for (const v of r.violations.list.slice(0, 20)) out.push(`    seq ${v.seq}: ${v.rule} (${v.actor}): ${v.message}`);
    if (r.violations.total > 20) out.push(
      `    ... ${r.violations.total - 20} more (--json lists up to ${r.violations.list.length})`);
  }
  io.out(out.join('\n') + '\n');
}
