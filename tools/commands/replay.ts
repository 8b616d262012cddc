import { formatDiff } from '../../src/analysis/diff.js';
import { replay, type ReplayMode, type ReplayResult } from '../../src/analysis/replay.js';
import { EXIT_DIVERGED } from '../../src/errors.js';
import type { Io } from '../io.js';
import { progress, withTrace } from './traceArgs.js';

/** `vtwin replay` (registered in tools/register/replay.ts). */
export function replayAction(io: Io, setExit: (code: number) => void, file: string,
    opts: { mode: ReplayMode; json?: boolean }): void {
  const r = withTrace(io, file, (reader) => {
    const p = progress(io, `replay (${opts.mode})`);
    try {
      return replay(reader, opts.mode, { progress: p.tick });
    } finally {
      p.done();
    }
  });
  if (opts.json) io.out(JSON.stringify({ file, ...r }, null, 2) + '\n');
  else printReplay(io, file, r);
  if (!r.ok) setExit(EXIT_DIVERGED);
}

function printReplay(io: Io, file: string, r: ReplayResult): void {
  const what = `${r.events} events, ${r.commands} commands, ${r.checkpoints} checkpoint hashes verified`;
  if (r.ok && r.truncated) {
    // Consistent as far as it goes, but not a verdict on the whole run: the verdict line says so.
    const upTo = r.lastSeq >= 0 ? `replayed up to seq ${r.lastSeq}` : 'replayed no event';
    io.out(`replay (${r.mode}) ${file}: truncated at byte ${r.truncatedAt}, ${upTo}: consistent before the cut ` +
      `(${r.truncatedReason}): ${what}\n`);
    return;
  }
  if (r.ok) {
    io.out(`replay (${r.mode}) ${file}: OK: ${what}\n`);
    return;
  }
  const d = r.divergence!;
  io.out(`replay (${r.mode}) ${file}: DIVERGED at seq ${d.seq}: ${d.reason}\n`);
  if (d.range[0] !== d.range[1]) io.out(
    `  the divergence lies in events ${d.range[0]}..${d.range[1]} (between two checkpoints)\n`);
  if (d.diffOf !== 'none') {
    io.out(`  ${d.diffOf} diff (recorded vs replayed):\n`);
    for (const line of formatDiff(d.diff)) io.out(`  ${line}\n`);
  }
  io.out(`  before it: ${what}\n`);
}
