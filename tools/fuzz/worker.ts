/** Worker thread: runs fuzz index ranges and shrinks findings on request (pure work, no I/O). */
import { parentPort } from 'node:worker_threads';
import { runRange, shrinkFinding, type CampaignOptions, type Finding } from '../../src/fuzz/index.js';

export type Job =
  | { id: number; kind: 'runs'; opts: CampaignOptions; from: number; to: number }
  | { id: number; kind: 'shrink'; finding: Finding };

parentPort?.on('message', (job: Job) => {
  try {
    if (job.kind === 'runs') {
      // A campaign's deadline is on Date.now (tools/ may read clocks; src/ is given this one).
      parentPort!.postMessage({ id: job.id, ok: true, value: runRange(job.opts, job.from, job.to, Date.now) });
    } else {
      parentPort!.postMessage({ id: job.id, ok: true, value: shrinkFinding(job.finding) });
    }
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
