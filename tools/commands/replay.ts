import { statSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiff } from '../../src/analysis/diff.js';
import { replay, type ReplayMode, type ReplayResult } from '../../src/analysis/replay.js';
import { EXIT_DIVERGED } from '../../src/errors.js';
import type { Io } from '../io.js';
import { foldReplayFile, PARALLEL_MIN_EVENTS, startFoldWorkers } from '../replay/parallel.js';
import { progress, withTrace } from './traceArgs.js';

/**
 * Threads for a fold replay, as VTWIN_REPLAY_THREADS says (a number: that many, from any length of
 * trace; the result is the same either way); undefined: the CPUs, for a long trace only.
 */
function foldThreads(): number | undefined {
  const v = Number(process.env.VTWIN_REPLAY_THREADS);
  return Number.isInteger(v) && v >= 1 ? v : undefined;
}

/**
 * A trace file long enough for several threads, judged by its size before it is opened (~29
 * bytes per event in the admin workload's traces; a stat that fails: not big).
 */
function bigFile(file: string): boolean {
  try {
    return statSync(file).size >= PARALLEL_MIN_EVENTS * 25;
  } catch {
    return false; // opening it reports the error
  }
}

/** `vtwin replay` (registered in tools/register/replay.ts). */
export function replayAction(io: Io, setExit: (code: number) => void, file: string,
    opts: { mode: ReplayMode; json?: boolean }): void {
  const threads = foldThreads();
  const full = path.resolve(io.cwd, file);
  // Workers load the twin while this thread opens the trace.
  if (opts.mode === 'fold' && threads !== 1 && bigFile(full)) startFoldWorkers(threads);
  // VTWIN_DEBUG: say how it ran (tests and anyone timing it check that the setting took).
  const onThreads = process.env.VTWIN_DEBUG ? (n: number) => io.err(`vtwin: replay ran on ${n} thread(s)\n`)
    : undefined;
  const r = withTrace(io, file, (reader) => {
    const p = progress(io, `replay (${opts.mode})`);
    try {
      if (opts.mode === 'reexec') return replay(reader, opts.mode, { progress: p.tick });
      return foldReplayFile(reader, full, { progress: p.tick },
        { threads, minEvents: threads === undefined ? undefined : 0, onThreads });
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
