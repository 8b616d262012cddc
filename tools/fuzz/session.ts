/**
 * The edges of a `vtwin fuzz` campaign: wall clock, progress on a TTY, findings and report.json
 * written while it runs, and SIGINT/SIGTERM (stop dispatching, finish the chunks in flight, write
 * a partial report, exit 128 + signal). src/fuzz does the campaign itself.
 */
import { join } from 'node:path';
import {
  DEFAULT_DEPTH,
  driveCampaign,
  emptyReport,
  mutationScore,
  type CampaignReport,
  type DriveOptions,
  type MutationOptions,
  type MutationResult,
} from '../../src/fuzz/index.js';
import type { Io } from '../io.js';
import { FindingWriter, writeReport } from './outDir.js';
import type { FuzzPool } from './pool.js';
import { progressBar } from './progress.js';

/** How often report.json is rewritten while a campaign runs. */
const REPORT_EVERY_MS = 2000;

/** Signals that end a campaign early; `code` is the exit code once it has written what it had. */
export class Interrupt {
  signal: NodeJS.Signals | null = null;
  private readonly handler = (s: NodeJS.Signals) => {
    this.signal = s;
    this.io.err(`\nvtwin: ${s}: finishing the runs in flight, then writing what was found (again to stop now)\n`);
    this.uninstall(); // a second signal takes the default action: the process ends at once
  };

  constructor(private readonly io: Io) {
    process.once('SIGINT', this.handler);
    process.once('SIGTERM', this.handler);
  }

  readonly interrupted = () => this.signal !== null;

  get code(): number {
    return this.signal === 'SIGTERM' ? 143 : 130;
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}

export interface Session {
  io: Io;
  pool: FuzzPool;
  interrupt: Interrupt;
  /** Absolute --out directory, already checked and created. */
  out?: string;
}

/** One campaign: findings on disk as found, report.json every few seconds, and at the end. */
export async function campaign(s: Session, o: DriveOptions): Promise<{ report: CampaignReport; ms: number }> {
  const started = Date.now();
  const bar = progressBar(s.io);
  const start = emptyReport(o.seed, o.profile, o.actions ?? 50, o.strategy, o.depth ?? DEFAULT_DEPTH);
  const empty = { ...start, partial: true as const };
  const writer = s.out ? new FindingWriter(s.out, empty) : null;
  let lastWrite = started;
  if (s.out) writeReport(s.out, empty);
  const report = await driveCampaign(s.pool, {
    ...o,
    now: Date.now,
    interrupted: s.interrupt.interrupted,
    onProgress: (n, f) => {
      const rate = Math.round((n * 1000) / Math.max(1, Date.now() - started));
      bar.update(`${n} runs, ${f} finding${f === 1 ? '' : 's'} (root causes), ${rate} runs/s`);
    },
    onFinding: writer ? (f) => writer.found(f) : undefined,
    onChunk: (snapshot) => {
      if (!s.out || Date.now() - lastWrite < REPORT_EVERY_MS) return;
      lastWrite = Date.now();
      writeReport(s.out, snapshot());
    },
  });
  bar.done();
  if (s.out) {
    writer!.finish(report);
    writeReport(s.out, report);
  }
  return { report, ms: Date.now() - started };
}

/** The mutation score, each profile's findings written when its campaign ends. */
export async function mutation(s: Session, o: MutationOptions): Promise<MutationResult> {
  const bar = progressBar(s.io);
  const result = await mutationScore(s.pool, {
    ...o,
    now: Date.now,
    interrupted: s.interrupt.interrupted,
    onProgress: (profile, strategy, n, f) => bar.update(`${profile} (${strategy}): ${n} runs, ${f} findings`),
    // Run i has the same seed in every profile's campaign: one directory per profile and strategy,
    // or two profiles finding the same rule in the same run would overwrite each other's reproducer.
    onReport: (p, report) => s.out && new FindingWriter(join(s.out, p.name, report.strategy), report).finish(report),
  });
  bar.done();
  return result;
}
