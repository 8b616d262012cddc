/**
 * `vtwin main` (what `npm start` runs): the main job on bundled defaults, as a list of phases,
 * then a summary: every scenario in scenarios/, each recorded and replayed both ways, then a
 * short fuzz campaign. Each phase gets the loaded scenarios and reports ok + a line.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILED, EXIT_OK, InputError } from '../../src/errors.js';
import { loadScenario, scenarioFilesIn } from '../../src/scenario/file.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario, ScenarioResult } from '../../src/scenario/types.js';
import type { Io } from '../io.js';
import { formatResult, formatTotals, paint, plain, type Paint } from './report.js';
import { parseSeed } from './run.js';
import { recordReplayPhase } from './traceRecord.js';
import { fuzzPhase } from './mainFuzz.js';

export interface MainContext {
  io: Io;
  paint: Paint;
  json: boolean;
  /** Every bundled scenario, loaded and validated before any phase runs. */
  scenarios: Scenario[];
  seed?: number;
}

export interface PhaseOutcome {
  ok: boolean;
  /** One line for the summary, e.g. "17 scenarios: 17 passed, 0 failed". */
  summary: string;
  /** Machine-readable detail for `--json`. */
  detail?: unknown;
}

export interface Phase {
  name: string;
  run(ctx: MainContext): PhaseOutcome | Promise<PhaseOutcome>;
}

export const scenariosPhase: Phase = {
  name: 'scenarios',
  run(ctx) {
    const results: ScenarioResult[] = [];
    for (const sc of ctx.scenarios) {
      const r = runScenario(sc, { seed: ctx.seed, snapshots: false });
      results.push(r);
      if (!ctx.json) ctx.io.out(formatResult(r, ctx.paint));
    }
    const failed = results.filter((r) => !r.passed).length;
    return { ok: failed === 0, summary: formatTotals(results, plain).trim(), detail: { scenarios: results } };
  },
};

/** The main job, in order: scenarios, then record + replay each, then a short fuzz campaign. */
export const PHASES: Phase[] = [scenariosPhase, recordReplayPhase, fuzzPhase];

/** scenarios/ of this package: found upward from this file, so it works from src/ and dist/. */
export function bundledScenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return join(dir, 'scenarios');
    dir = dirname(dir);
  }
  throw new InputError('cannot find the bundled scenarios/ directory; pass --dir <path>');
}

export interface MainOpts {
  json?: boolean;
  dir?: string;
  seed?: string;
}

export async function mainCommand(opts: MainOpts, io: Io, phases: readonly Phase[] = PHASES): Promise<number> {
  const seed = parseSeed(opts.seed); // flags first: a bad --seed is reported before any file is read
  const dir = opts.dir !== undefined ? resolve(io.cwd, opts.dir) : bundledScenariosDir();
  const files = scenarioFilesIn(dir, opts.dir ?? dir);
  if (files.length === 0) throw new InputError(`${opts.dir ?? dir}: no scenario files (.json, .yaml, .yml)`);
  const shown = (f: string) => relative(io.cwd, f) || f;
  const ctx: MainContext = { io, paint: paint(io), json: opts.json === true,
    scenarios: files.map((f) => loadScenario(f, shown(f))), seed };
  const outcomes: { name: string; outcome: PhaseOutcome }[] = [];
  for (const phase of phases) {
    if (!ctx.json) io.out(ctx.paint.bold(`== ${phase.name}`) + '\n');
    outcomes.push({ name: phase.name, outcome: await phase.run(ctx) });
  }
  const ok = outcomes.every((o) => o.outcome.ok);
  if (ctx.json) {
    const doc = { passed: ok, phases: outcomes.map(
      (o) => ({ name: o.name, ok: o.outcome.ok, summary: o.outcome.summary, ...(o.outcome.detail ?? {}) })) };
    io.out(JSON.stringify(doc, null, 2) + '\n');
  } else {
    io.out(ctx.paint.bold('== summary') + '\n');
    const width = Math.max(...outcomes.map((o) => o.name.length));
    for (const o of outcomes) {
      const mark = o.outcome.ok ? ctx.paint.ok('ok  ') : ctx.paint.bad('FAIL');
      io.out(`${mark}  ${o.name.padEnd(width)}  ${o.outcome.summary}\n`);
    }
  }
  return ok ? EXIT_OK : EXIT_FAILED;
}
