/**
 * A pool of worker threads (or none: K = 1 runs in-process): the campaign executor the CLI hands
 * to src/fuzz. Jobs are plain data, results come back keyed by job id, so completion order never
 * affects what the campaign reports.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runRange, shrinkFinding, type CampaignOptions, type Finding, type FuzzExecutor,
  type RunSummary } from '../../src/fuzz/index.js';
import type { Job } from './worker.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type JobBody = Job extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

export class FuzzPool implements FuzzExecutor {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: { job: Job; p: Pending }[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 0;

  readonly size: number;

  constructor(size: number) {
    const url = new URL('./worker.js', import.meta.url);
    // Run from TypeScript sources (tests) there is no compiled worker: work in-process instead.
    this.size = existsSync(fileURLToPath(url)) ? size : 1;
    if (this.size <= 1) return;
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(url);
      w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
        const p = this.pending.get(m.id)!;
        this.pending.delete(m.id);
        this.idle.push(w);
        this.pump();
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(`fuzz worker failed: ${m.error}`));
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.shift()!;
      const { job, p } = this.queue.shift()!;
      this.pending.set(job.id, p);
      try {
        w.postMessage(job);
      } catch (e) {
        this.pending.delete(job.id);
        this.idle.push(w);
        p.reject(e as Error);
      }
    }
  }

  private submit<T>(body: JobBody): Promise<T> {
    const job = { ...body, id: this.nextId++ } as Job;
    if (this.size <= 1) {
      // In-process: still asynchronous, so callers can interleave progress output.
      return new Promise<T>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve((job.kind === 'runs' ? runRange(job.opts, job.from, job.to) : shrinkFinding(job.finding)) as T);
          } catch (e) {
            reject(e as Error);
          }
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, p: { resolve: resolve as (v: unknown) => void, reject } });
      this.pump();
    });
  }

  runs(opts: CampaignOptions, from: number, to: number): Promise<RunSummary[]> {
    return this.submit<RunSummary[]>({ kind: 'runs', opts, from, to });
  }

  shrink(finding: Finding): Promise<Finding> {
    return this.submit<Finding>({ kind: 'shrink', finding });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
