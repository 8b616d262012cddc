/**
 * `vtwin fuzz`: a campaign (README "Fuzz campaigns"). `--profile all` scores every deviation
 * profile: was it caught, after how many runs, how short the shrunk reproducer is. `vtwin fuzz
 * merge` combines the report.json files of shards. Exit 1 when the campaign found violations.
 */
import { PROFILES } from '../../src/domain/profiles.js';
import { InputError } from '../../src/errors.js';
import { driveCampaign, mergeReports, mutationScore, type BaseRun, type CampaignReport } from '../../src/fuzz/index.js';
import type { Io } from '../io.js';
import { FuzzPool } from '../fuzz/pool.js';
import { formatReport, mutationLine, writeFindings, readReport, writeReport } from '../fuzz/output.js';
import { parseDuration, parseInteger, parseShard } from './parse.js';
import { progressBar } from '../fuzz/progress.js';
import { resolve } from 'node:path';
import { openTraceFile } from '../../src/trace/file.js';
import { readInputs } from '../../src/trace/runs.js';

/** A captured run as a campaign's seed: its config (profile included) and its inputs. */
function loadBase(trace: string, cwd: string): BaseRun {
  const inputs = readInputs(openTraceFile(resolve(cwd, trace), trace));
  if (!inputs.commands.some((c) => c.op !== 'device.run')) throw new InputError(
    `--from: ${trace} records no input commands to mutate`);
  return { config: inputs.config, commands: inputs.commands };
}

export interface FuzzOpts {
  seed: string;
  runs?: string;
  time?: string;
  workers: string;
  shard?: string;
  profile: string;
  out?: string;
  from?: string;
  actions: string;
  json?: boolean;
}

/** `vtwin fuzz` (registered in tools/register/fuzz.ts). */
export async function fuzzAction(io: Io, setExit: (code: number) => void, o: FuzzOpts): Promise<void> {
  if (o.runs !== undefined && o.time !== undefined) throw new InputError('--runs and --time are exclusive');
  const seed = parseInteger(o.seed, '--seed', 0, 0xffffffff);
  const workers = parseInteger(o.workers, '--workers', 1, 64);
  const actions = parseInteger(o.actions, '--actions', 1, 100_000);
  const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
  const timeMs = o.time !== undefined ? parseDuration(o.time, '--time') : undefined;
  // A campaign defaults to 1000 runs; mutation scoring runs each profile until it is caught
  // or its time budget (--time, default 60 s per profile) is spent.
  const runs = o.runs !== undefined ? parseInteger(o.runs, '--runs', 1, 1e9) : timeMs === undefined
    && o.profile !== 'all' ? 1000 : undefined;
  if (o.profile !== 'all' && !PROFILES.some((p) => p.name === o.profile)) {
    throw new InputError(
      `--profile: unknown profile ${JSON.stringify(o.profile)} (known: all, ` +
      `${PROFILES.map((p) => p.name).join(', ')})`);
  }
  if (o.from !== undefined && o.profile === 'all') throw new InputError('--from and --profile all are exclusive');
  const base = o.from !== undefined ? loadBase(o.from, io.cwd) : undefined;
  const out = o.out !== undefined ? resolve(io.cwd, o.out) : undefined;
  const pool = new FuzzPool(workers);
  const started = Date.now();
  const bar = progressBar(io);
  try {
    if (o.profile === 'all') {
      const { scores, caught, total } = await mutationScore(pool, {
        seed, actions, runs, timeMs: timeMs ?? 60_000, shard, now: Date.now,
        onProgress: (profile, n, f) => bar.update(`${profile}: ${n} runs, ${f} findings`),
        onReport: (_p, report) => out && writeFindings(out, report, io),
      });
      bar.done();
      if (o.json) io.out(JSON.stringify({ seed, mutation: scores, score: `${caught}/${total}` }, null, 2) + '\n');
      else {
        for (const s of scores) io.out(mutationLine(s) + '\n');
        io.out(`mutation score: ${caught}/${total} deviation profiles caught\n`);
      }
      setExit(caught === total ? 0 : 1);
      return;
    }
    const profile = base ? base.config.profile : o.profile;
    const report = await driveCampaign(pool,
      { seed, profile, actions, runs, base, timeMs, shard, now: Date.now,
      onProgress: (n, f) => bar.update(
      `${n} runs, ${f} findings, ${Math.round((n * 1000) / Math.max(1, Date.now() - started))} runs/s`) });
    bar.done();
    const ms = Date.now() - started;
    if (out) {
      writeReport(out, report);
      writeFindings(out, report, io);
    }
    if (o.json) io.out(JSON.stringify({ ...report,
      timing: { ms, runsPerSecond: Math.round((report.runs * 1000) / Math.max(1, ms)) } }, null, 2) + '\n');
    else io.out(formatReport(report, ms, out));
    setExit(report.findings.length ? 1 : 0);
  } finally {
    await pool.close();
  }
}

/** `vtwin fuzz merge`. */
export function fuzzMergeAction(io: Io, setExit: (code: number) => void, files: string[],
    o: { out?: string; json?: boolean }): void {
  let merged: CampaignReport | null = null;
  for (const f of files) {
    const r = readReport(f, io.cwd);
    try {
      merged = merged ? mergeReports(merged, r) : r;
    } catch (e) {
      // mergeReports refuses other campaigns and overlapping shards with a RangeError; anything
      // else is a bug, not bad input (shapes were checked by readReport).
      if (e instanceof RangeError) throw new InputError(`${f}: ${e.message}`);
      throw e;
    }
  }
  if (o.out) writeReport(resolve(io.cwd, o.out), merged!);
  if (o.json) io.out(JSON.stringify(merged, null, 2) + '\n');
  else io.out(formatReport(merged!, null, o.out));
  setExit(merged!.findings.length ? 1 : 0);
}
