/**
 * `vtwin fuzz` (registered in tools/register/fuzz.ts): a campaign (README "Fuzz campaigns").
 * `--profile all` scores every deviation profile: was it caught, after how many runs (under both
 * strategies, side by side), how short the shrunk reproducer is. `vtwin fuzz merge` combines the
 * report.json files of shards. Exit 1 when the campaign found violations; 130/143 when a signal
 * ended it (after writing what it had).
 */
import { resolve } from 'node:path';
import { PROFILES } from '../../src/domain/profiles.js';
import { InputError } from '../../src/errors.js';
import {
  DEFAULT_DEPTH,
  MAX_DEPTH,
  mergeReports,
  parseShardSpec,
  STRATEGIES,
  type BaseRun,
  type CampaignReport,
  type Strategy,
} from '../../src/fuzz/index.js';
import { openTraceFile } from '../../src/trace/file.js';
import { readInputs } from '../../src/trace/runs.js';
import type { Io } from '../io.js';
import { prepareOutDir, writeMutation, writeReport } from '../fuzz/outDir.js';
import { formatReport, mutationLine, readReport, strategyName } from '../fuzz/output.js';
import { FuzzPool } from '../fuzz/pool.js';
import { campaign, Interrupt, mutation, type Session } from '../fuzz/session.js';
import { parseDuration, parseInteger } from './parse.js';

/** A captured run as a campaign's seed: its config (profile included) and its inputs. */
function loadBase(trace: string, cwd: string): BaseRun {
  const inputs = readInputs(openTraceFile(resolve(cwd, trace), trace));
  if (!inputs.commands.some((c) => c.op !== 'device.run')) {
    throw new InputError(`--from: ${trace} records no input commands to mutate`);
  }
  return { config: inputs.config, commands: inputs.commands };
}

export interface FuzzOpts {
  seed: string;
  runs?: string;
  time?: string;
  workers: string;
  shard?: string;
  profile: string;
  strategy: string;
  depth?: string;
  out?: string;
  from?: string;
  actions: string;
  json?: boolean;
}

/** Every flag checked, and --out created, before the first run. */
export function parseFuzzOpts(o: FuzzOpts, io: Io, env: NodeJS.ProcessEnv) {
  if (o.runs !== undefined && o.time !== undefined) throw new InputError('--runs and --time are exclusive');
  const seed = parseInteger(o.seed, '--seed', 0, 0xffffffff);
  const workers = parseInteger(o.workers, '--workers', 1, 64);
  const actions = parseInteger(o.actions, '--actions', 1, 100_000);
  const shard = o.shard !== undefined ? parseShardSpec(o.shard, env) : undefined;
  const timeMs = o.time !== undefined ? parseDuration(o.time, '--time') : undefined;
  if (!(STRATEGIES as readonly string[]).includes(o.strategy)) {
    throw new InputError(`--strategy: expected ${STRATEGIES.join(' or ')}, got ${JSON.stringify(o.strategy)}`);
  }
  const strategy = o.strategy as Strategy;
  if (o.depth !== undefined && strategy !== 'pct' && o.profile !== 'all') {
    throw new InputError('--depth applies to --strategy pct (or to the pct side of --profile all)');
  }
  const depth = o.depth !== undefined ? parseInteger(o.depth, '--depth', 1, MAX_DEPTH) : undefined;
  // A campaign defaults to 1000 runs; mutation scoring runs each profile until it is caught
  // or its time budget (--time, default 60 s per profile and strategy) is spent.
  const defaultRuns = timeMs === undefined && o.profile !== 'all' ? 1000 : undefined;
  const runs = o.runs !== undefined ? parseInteger(o.runs, '--runs', 1, 1e9) : defaultRuns;
  if (o.profile !== 'all' && !PROFILES.some((p) => p.name === o.profile)) {
    const known = PROFILES.map((p) => p.name).join(', ');
    throw new InputError(`--profile: unknown profile ${JSON.stringify(o.profile)} (known: all, ${known})`);
  }
  if (o.from !== undefined && o.profile === 'all') throw new InputError('--from and --profile all are exclusive');
  if (o.from !== undefined && strategy === 'pct') throw new InputError('--from and --strategy pct are exclusive');
  const base = o.from !== undefined ? loadBase(o.from, io.cwd) : undefined;
  const out = o.out !== undefined ? prepareOutDir(o.out, io.cwd) : undefined;
  return { seed, workers, actions, shard, timeMs, strategy, depth, runs, base, out };
}

export async function fuzzAction(io: Io, setExit: (code: number) => void, o: FuzzOpts): Promise<void> {
  const p = parseFuzzOpts(o, io, process.env);
  const s: Session = { io, pool: new FuzzPool(p.workers), interrupt: new Interrupt(io), out: p.out };
  try {
    if (o.profile === 'all') {
      const other: Strategy = p.strategy === 'swarm' ? 'pct' : 'swarm';
      const r = await mutation(s, { ...p, timeMs: p.timeMs ?? 60_000, compare: other });
      const depth = p.depth ?? DEFAULT_DEPTH;
      const score = `${r.caught}/${r.total}`;
      const compare = { strategy: other, depth: other === 'pct' ? depth : null, mutation: r.compared };
      const mine = { strategy: p.strategy, depth: p.strategy === 'pct' ? depth : null };
      const doc = { seed: p.seed, ...mine, mutation: r.scores, compare, score };
      // `vtwin report <out>` shows the score from here.
      if (p.out) writeMutation(p.out, doc);
      if (o.json) {
        io.out(JSON.stringify(doc, null, 2) + '\n');
      } else {
        r.scores.forEach((x, i) => io.out(mutationLine(x, r.compared?.[i]) + '\n'));
        const name = strategyName({ strategy: p.strategy, depth: p.strategy === 'pct' ? depth : null });
        io.out(`mutation score (${name}): ${score} deviation profiles caught\n`);
      }
      setExit(s.interrupt.signal ? s.interrupt.code : r.caught === r.total ? 0 : 1);
      return;
    }
    const profile = p.base ? p.base.config.profile : o.profile;
    const { report, ms } = await campaign(s, { ...p, profile });
    const rate = Math.round((report.runs * 1000) / Math.max(1, ms));
    if (o.json) io.out(JSON.stringify({ ...report, timing: { ms, runsPerSecond: rate } }, null, 2) + '\n');
    else io.out(formatReport(report, ms, p.out));
    setExit(s.interrupt.signal ? s.interrupt.code : report.findings.length ? 1 : 0);
  } finally {
    s.interrupt.uninstall();
    await s.pool.close();
  }
}

/** `vtwin fuzz merge`. */
export function fuzzMergeAction(io: Io, setExit: (code: number) => void, files: string[],
    o: { out?: string; json?: boolean }): void {
  const out = o.out !== undefined ? prepareOutDir(o.out, io.cwd) : undefined;
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
  if (out) writeReport(out, merged!);
  if (o.json) io.out(JSON.stringify(merged, null, 2) + '\n');
  else io.out(formatReport(merged!, null, o.out));
  setExit(merged!.findings.length ? 1 : 0);
}
