/**
 * A worker thread of tools/replay/parallel.ts: folds one stretch of a trace file per job, from the
 * snapshot the stretch starts at, and answers with its outcome. Every failure is an answer too (the
 * main thread then folds that stretch itself), so the main thread never waits on a worker that died.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { answerer } from '../workers.js';
import type { SegmentEntry } from '../../src/trace/format.js';
import type { StretchOutcome } from '../../src/analysis/foldSplit.js';

export interface FoldJob {
  job: number;
  file: string;
  /** What the main thread's reader saw, so that a file replaced meanwhile is refused. */
  size: number;
  finalHash: string;
  seg: SegmentEntry;
  until: number | undefined;
}

export type FoldAnswer = { job: number; ok: true; outcome: StretchOutcome } | { job: number; ok: false; error: string };

/** signal[0]: answers posted; signal[1]: KiB of the file the current job has reached (its progress). */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

const answer = answerer<FoldAnswer>(port, signal);

try {
  // Loaded here, not at the top: a module that fails to load is then an answer, not a dead worker.
  const { openTraceFile } = await import('../../src/trace/file.js');
  const { foldStretch } = await import('../../src/analysis/foldSplit.js');
  const progress = (offset: number): void => {
    Atomics.store(signal, 1, Math.floor(offset / 1024));
  };
  port.on('message', (m: FoldJob) => {
    try {
      const reader = openTraceFile(m.file);
      try {
        const seg = reader.index?.segments.find((s) => s.offset === m.seg.offset);
        if (reader.size !== m.size || reader.index?.finalHash !== m.finalHash || seg?.seq !== m.seg.seq
          || seg.snapshotOffset !== m.seg.snapshotOffset) throw new Error(`${m.file} changed since it was opened`);
        answer({ job: m.job, ok: true, outcome: foldStretch(reader, seg, m.until, progress) });
      } finally {
        reader.close();
      }
    } catch (e) {
      answer({ job: m.job, ok: false, error: (e as Error)?.stack ?? String(e) });
    }
  });
} catch (e) {
  answer({ job: 0, ok: false, error: (e as Error)?.stack ?? String(e) });
}
