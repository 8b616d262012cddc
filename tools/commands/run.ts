/**
 * `vtwin run <scenario...> [--json] [--record <trace>] [--seed <n>]` (README "CLI reference"):
 * every scenario is loaded and validated before any runs; then each runs and its expectations and
 * all rules are checked. Exit 0 when all pass, 1 when one failed, 2 on bad usage or bad input.
 */
import type { EngineObserver } from '../../src/engine/engine.js';
import { EXIT_FAILED, EXIT_OK, InputError } from '../../src/errors.js';
import { expandScenarioPaths, loadScenario } from '../../src/scenario/file.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario, ScenarioResult } from '../../src/scenario/types.js';
import type { Io } from '../io.js';
import { formatResult, formatTotals, paint } from './report.js';
import { parseInteger } from './parse.js';
import { traceRecorderFactory } from './traceRecord.js';
import { outputPath } from '../outputPath.js';
import { shellWord, vtwin } from '../invocation.js';

/** A trace recorder attached to one run: an engine observer, finished once the run is over. */
export interface Recorder {
  observer: EngineObserver;
  finish(result: ScenarioResult): void | Promise<void>;
}

/** What a recorder needs for the trace header: the scenario (device config, steps) and the seed actually used. */
export interface RecordedRun {
  scenario: Scenario;
  seed: number;
}

export type RecorderFactory = (tracePath: string, run: RecordedRun) => Recorder | Promise<Recorder>;

export function parseSeed(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInteger(text, '--seed', 0, 0xffffffff);
}

export interface RunOpts {
  json?: boolean;
  record?: string;
  seed?: string;
}

/**
 * Load every scenario (all validated before anything runs), run them, print; returns the exit
 * code. `--record` goes through `recorderFactory` (the trace writer unless a caller plugs in another).
 */
export async function runCommand(paths: string[], opts: RunOpts, io: Io, recorderFactory: RecorderFactory =
    traceRecorderFactory): Promise<number> {
  const seed = parseSeed(opts.seed);
  const tracePath = opts.record !== undefined ? outputPath(opts.record, '--record', io.cwd) : null;
  const files = expandScenarioPaths(paths, io.cwd);
  if (opts.record !== undefined && files.length !== 1) {
    throw new InputError(`--record takes exactly one scenario, got ${files.length}`);
  }
  const scenarios = files.map((f) => loadScenario(f.path, f.label));
  const recorder = tracePath !== null
    ? await recorderFactory(tracePath, { scenario: scenarios[0]!, seed: seed ?? scenarios[0]!.seed }) : null;
  const results: ScenarioResult[] = [];
  for (const sc of scenarios) {
    // The working-copy path: same results as immutable snapshots (tested), ~3x faster on large configs.
    const r = runScenario(sc, { seed, observers: recorder ? [recorder.observer] : [], snapshots: false });
    results.push(r);
    if (!opts.json) io.out(formatResult(r, paint(io)));
  }
  if (recorder) {
    await recorder.finish(results[0]!);
    // On stderr, so `--json` output stays one document.
    io.err(`vtwin: wrote ${opts.record} (${results[0]!.events} events); replay it: ` +
      `${vtwin()} replay ${shellWord(opts.record!)}\n`);
  }
  if (opts.json) io.out(JSON.stringify({ scenarios: results }, null, 2) + '\n');
  else if (results.length > 1) io.out(formatTotals(results, paint(io)));
  return results.every((r) => r.passed) ? EXIT_OK : EXIT_FAILED;
}
