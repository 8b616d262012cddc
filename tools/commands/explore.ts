/**
 * `vtwin explore <scenario|trace>` (README "Systematic exploration"): every order of the actors'
 * commands and the device's work within a bound. `--workers K` explores the plan's units on K
 * threads, `--shard i/n` one share of them; `vtwin explore merge` adds shard reports up. Exit 0
 * complete and nothing found, 1 a finding, 4 incomplete and nothing found, 2 bad input.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import {
  addTally,
  buildReport,
  emptyTally,
  exitCodeOf,
  mergeExploreReports,
  naiveCount,
  NAIVE_MAX_NODES,
  planExploration,
  problemFromScenario,
  problemFromTrace,
  unitInShard,
  withDeadline,
} from '../../src/explore/index.js';
import type { Bounds, ExploreReport, Problem, Shard, Unit } from '../../src/explore/index.js';
import { PROFILES } from '../../src/domain/profiles.js';
import { loadScenario } from '../../src/scenario/file.js';
import { MAGIC } from '../../src/trace/format.js';
import type { Io } from '../io.js';
import { ExplorePool } from '../explore/pool.js';
import { formatExploreReport, readExploreReport, writeFindings, writeReport } from '../explore/output.js';
import { progressBar } from '../fuzz/progress.js';
import { parseDuration, parseInteger, parseShard } from './parse.js';
import { withTrace } from './traceArgs.js';

/** Default time bound: an exploration always ends. `--bound time=none` lifts it. */
const DEFAULT_TIME_MS = 60_000;

/** `--bound depth=N,preemptions=K,time=60s` (repeatable). */
export function parseBounds(specs: readonly string[]): Bounds {
  const b: Bounds = { timeMs: DEFAULT_TIME_MS };
  for (const part of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(depth|preemptions|time)=(.+)$/.exec(part);
    if (!m) {
      const want = 'depth=<n>, preemptions=<k> or time=<duration|none>';
      throw new InputError(`--bound: expected ${want}, got ${JSON.stringify(part)}`);
    }
    if (m[1] === 'time') b.timeMs = m[2] === 'none' ? undefined : parseDuration(m[2]!, '--bound time');
    else b[m[1] as 'depth' | 'preemptions'] = parseInteger(m[2]!, `--bound ${m[1]}`, 0, 1_000_000);
  }
  return b;
}

function isTrace(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(Buffer.from(MAGIC));
  } finally {
    closeSync(fd);
  }
}

function loadProblem(source: string, o: ExploreOpts, io: Io): Problem {
  if (o.profile !== undefined && !PROFILES.some((p) => p.name === o.profile)) {
    const known = PROFILES.map((p) => p.name).join(', ');
    throw new InputError(`--profile: unknown profile ${JSON.stringify(o.profile)} (known: ${known})`);
  }
  const path = resolve(io.cwd, source);
  let trace: boolean;
  try {
    trace = isTrace(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file or directory'
      : err.code === 'EISDIR' ? 'is a directory, expected a scenario or a trace'
      : err.message;
    throw new InputError(`${source}: ${why}`);
  }
  if (!trace) {
    if (o.fromSeq !== undefined) {
      throw new InputError(`--from-seq: ${source} is a scenario; --from-seq takes a trace (.vtrace)`);
    }
    return problemFromScenario(loadScenario(path, source), o.profile);
  }
  const fromSeq = o.fromSeq === undefined ? undefined : parseInteger(o.fromSeq, '--from-seq', 0, 2 ** 53 - 1);
  return withTrace(io, source, (r) => problemFromTrace(r, source, { fromSeq, profile: o.profile }));
}

export interface ExploreOpts {
  bound: string[];
  fromSeq?: string;
  profile?: string;
  workers: string;
  shard?: string;
  out?: string;
  json?: boolean;
}

/** The plan on this thread, this shard's units on the pool, tallies added in unit order. */
async function runExplore(problem: Problem, bounds: Bounds, workers: number, shard: Shard | undefined, io: Io) {
  const started = Date.now();
  const opts = withDeadline({ bounds, now: Date.now });
  const bar = progressBar(io);
  const plan = planExploration(problem, opts);
  const mine = plan.units.map((u, i): [number, Unit] => [i, u]).filter(([i]) => unitInShard(i, shard));
  const pool = new ExplorePool(workers);
  let tally = !shard || shard.index === 0 ? plan.tally : emptyTally();
  try {
    const tallies = await pool.explore(problem, mine, opts, (n) => bar.update(`explore: ${n}/${mine.length} units`));
    for (const t of tallies) tally = addTally(tally, t);
  } finally {
    bar.done();
    await pool.close();
  }
  const elapsedMs = Date.now() - started;
  const deadline = Date.now() + (bounds.timeMs ?? DEFAULT_TIME_MS);
  const counts = !shard || shard.index === 0;
  const naive = counts ? naiveCount(problem, { maxNodes: NAIVE_MAX_NODES, now: Date.now, deadline }) : null;
  return buildReport({ problem, tally, bounds, naive, elapsedMs, units: plan.units.length, split: plan.split, shard });
}

function print(io: Io, report: ExploreReport, json: boolean | undefined, out?: string): void {
  io.out(json ? JSON.stringify(report, null, 2) + '\n' : formatExploreReport(report, out));
}

/** `vtwin explore <source>` (registered in tools/register/explore.ts). */
export async function exploreAction(io: Io, setExit: (code: number) => void, source: string, o: ExploreOpts) {
  const bounds = parseBounds(o.bound);
  const workers = parseInteger(o.workers, '--workers', 1, 64);
  const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
  const problem = loadProblem(source, o, io);
  const { report, findings } = await runExplore(problem, bounds, workers, shard, io);
  const out = o.out !== undefined ? resolve(io.cwd, o.out) : undefined;
  const final = out ? writeFindings(out, report, findings) : report;
  if (out) writeReport(out, final);
  print(io, final, o.json, out);
  setExit(exitCodeOf(final));
}

/** `vtwin explore merge <reports...>`: the shards' reports added up. */
export function exploreMergeAction(
  io: Io,
  setExit: (code: number) => void,
  files: string[],
  o: { out?: string; json?: boolean },
): void {
  let merged: ExploreReport | null = null;
  for (const f of files) {
    const r = readExploreReport(f, io.cwd);
    if (!r.shard) throw new InputError(`${f}: the report of a whole exploration, not of a shard (--shard i/n)`);
    try {
      merged = merged ? mergeExploreReports(merged, r) : r;
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(`${f}: ${e.message}`);
      throw e;
    }
  }
  if (o.out) writeReport(resolve(io.cwd, o.out), merged!);
  print(io, merged!, o.json, o.out);
  setExit(exitCodeOf(merged!));
}
