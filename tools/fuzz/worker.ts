/** Worker thread: runs fuzz index ranges and shrinks findings on request (pure work, no I/O). */
import { parentPort } from 'node:worker_threads';
import { runIndex, shrinkFinding, type CampaignOptions, type Finding } from '../../src/fuzz/campaign.js';

export type Job =
  | { id: number; kind: 'runs'; opts: CampaignOptions; from: number; to: number }
  | { id: number; kind: 'shrink'; finding: Finding };

parentPort?.on('message', (job: Job) => {
  try {
    if (job.kind === 'runs') {
      const out = [];
      for (let i = job.from; i < job.to; i++) out.push(runIndex(job.opts, i));
      parentPort!.postMessage({ id: job.id, ok: true, value: out });
    } else {
      parentPort!.postMessage({ id: job.id, ok: true, value: shrinkFinding(job.finding) });
    }
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
