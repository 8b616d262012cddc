/**
 * `vtwin ingest`, pure (README "Captured traces"): capture text in, the verdict out. Parse, plan,
 * calibrate, run the shadow twin and compare; with `profile: 'auto'`, once per built-in profile,
 * ranked by divergences. File I/O and the trace file belong to the caller (tools/commands/ingest.ts).
 */
import type { DeviceConfig, DeviceConfigInput } from '../domain/config.js';
import { PROFILES } from '../domain/profiles.js';
import type { Command } from '../domain/commands.js';
import type { EngineObserver } from '../engine/engine.js';
import { InputError } from '../errors.js';
import { SOURCE_FIELD } from '../trace/format.js';
import { calibratedConfig } from './config.js';
import { parseCapture } from './capture/parse.js';
import { planCaptureRecords } from './capture/plan.js';
import { sortedCounts, type Counts } from './counts.js';
import type { Divergence } from './divergence.js';
import { mapReport } from './fnmap.js';
import type { CaptureFormat, Plan } from './plan.js';
import { planQemuLog } from './qemu/onePass.js';
import { runOutcome, shadowRun, type RunOutcome } from './shadow.js';
export type { RunOutcome } from './shadow.js';
import { streamQemuLog } from './stream.js';
import type { Assumption } from './steps.js';

export interface IngestOptions {
  /** The capture's name in messages and the report. */
  file: string;
  /** Default: `vtwin-capture` when the first non-blank character is `{`, else `qemu-log`. */
  format?: CaptureFormat;
  /** Device options the user gives (`--device`): they win over calibration. */
  device?: DeviceConfigInput;
  /** `--map` entries (qemu-log). */
  map?: ReadonlyMap<string, number>;
  /** A profile name, or `auto` to rank every built-in profile (default `spec`). */
  profile?: string;
  /** Refuse unknown events instead of counting them. */
  strict?: boolean;
  /** An observer of the reported run (a trace recorder), made once its device config is known. */
  observe?: (config: DeviceConfig, format: CaptureFormat) => EngineObserver;
}

export interface IngestReport {
  capture: string;
  format: CaptureFormat;
  profile: string;
  lines: number;
  used: number;
  ignored: Counts;
  unknown: Counts;
  map: Record<string, string>;
  assumptions: Assumption[];
  observations: number;
  divergences: Divergence[];
  verdict: 'consistent' | 'divergent';
  trace: string | null;
  ranking?: { profile: string; divergences: number }[];
}

export interface IngestResult {
  report: IngestReport;
  /** Hash of the shadow twin's final state (src/engine/hash.ts). */
  stateHash: string;
  events: number;
}

export { calibratedConfig } from './config.js';

export function detectFormat(text: string): CaptureFormat {
  // trimStart strips what \s matches and only looks at the leading blanks, whatever the text's size.
  return text.trimStart().startsWith('{') ? 'vtwin-capture' : 'qemu-log';
}

export function planText(text: string, opts: IngestOptions): Plan {
  const format = opts.format ?? detectFormat(text);
  if (format === 'vtwin-capture') {
    if (opts.map && opts.map.size > 0)
      throw new InputError(
        '--map: a vtwin-capture names its functions itself (pf, vfN); --map is for qemu-log captures',
      );
    return planCaptureRecords(parseCapture(text, opts.file, { strict: opts.strict }), opts.device?.extOpcodes);
  }
  return planQemuLog(text, opts.file, { strict: opts.strict }, opts.map);
}

/** Tag every command the observer sees with the capture line it comes from (trace provenance). */
function withLines(target: EngineObserver): { observer: EngineObserver; onLine: (line: number | null) => void } {
  let line: number | null = null;
  const observer: EngineObserver = {
    onCommand: (i, tick, cmd) =>
      target.onCommand?.(i, tick, line === null ? cmd : ({ ...cmd, [SOURCE_FIELD]: line } as unknown as Command)),
    onEvent: (e, s) => target.onEvent?.(e, s),
    onViolation: (v) => target.onViolation?.(v),
    onSettle: (seq) => target.onSettle?.(seq),
  };
  return { observer, onLine: (l) => void (line = l) };
}

function runOnce(plan: Plan, opts: IngestOptions, profile: string, observe?: IngestOptions['observe']) {
  const { config, assumptions } = calibratedConfig(plan, opts, profile);
  const tagged = observe ? withLines(observe(config, plan.format)) : null;
  const r = shadowRun(plan, config, tagged ? { observers: [tagged.observer], onLine: tagged.onLine } : {});
  return { ...r, assumptions: [...assumptions, ...r.assumptions], profile };
}

/** The plan's parts a report states (a worker thread sends these, not the whole plan). */
export type PlanSummary = Pick<Plan, 'format' | 'lines' | 'used' | 'ignored' | 'unknown' | 'map'>;

/** A capture `vtwin ingest` streams (./stream.ts): a QEMU log, one profile, no observer. */
export function streamable(text: string, opts: IngestOptions): boolean {
  const profile = opts.profile ?? 'spec';
  return profile !== 'auto' && !opts.observe && (opts.format ?? detectFormat(text)) === 'qemu-log';
}

/**
 * A QEMU log with one profile and no observer streams its steps into the run (./stream.ts); the
 * rest, and a stream that gives up, plan the whole capture first.
 */
function streamed(text: string, opts: IngestOptions): IngestResult | null {
  if (!streamable(text, opts)) return null;
  const s = streamQemuLog(text, opts, opts.profile ?? 'spec');
  if (s === null) return null;
  return streamedResult(opts, { ...s, run: s.run === null ? null : runOutcome(s.run) });
}

/**
 * The result of a stream that completed (`s.run` the run's outcome), or of its whole plan when the
 * run never started (a capture short of two chunks, or calibrating to its end).
 */
export function streamedResult(opts: IngestOptions,
    s: { plan: Plan; run: RunOutcome | null; assumptions: Assumption[] }): IngestResult {
  const profile = opts.profile ?? 'spec';
  if (s.run === null) {
    const r = runOnce(s.plan, opts, profile);
    return result(opts.file, s.plan, runOutcome(r), profile);
  }
  return result(opts.file, s.plan, { ...s.run, assumptions: [...s.assumptions, ...s.run.assumptions] }, profile);
}

export function ingest(text: string, opts: IngestOptions): IngestResult {
  const fast = streamed(text, opts);
  if (fast) return fast;
  const plan = planText(text, opts);
  const wanted = opts.profile ?? 'spec';
  let ranking: IngestReport['ranking'];
  let profile = wanted;
  let best: Run | null = null;
  if (wanted === 'auto') {
    const counts: { profile: string; divergences: number; i: number }[] = [];
    for (let i = 0; i < PROFILES.length; i++) {
      const r = runOnce(plan, opts, PROFILES[i]!.name);
      counts.push({ profile: r.profile, divergences: r.divergences.length, i });
      // Only the best run so far stays alive (each holds a whole twin); ties go to the earlier profile.
      if (best === null || r.divergences.length < best.divergences.length) best = r;
    }
    counts.sort((a, b) => a.divergences - b.divergences || a.i - b.i);
    ranking = counts.map(({ profile: p, divergences }) => ({ profile: p, divergences }));
    profile = ranking[0]!.profile;
  }
  // The winner's ranking run is the report's run, unless an observer (a trace recorder) must watch it.
  const run = best !== null && !opts.observe ? best : runOnce(plan, opts, profile, opts.observe);
  return result(opts.file, plan, runOutcome(run), profile, ranking);
}

type Run = ReturnType<typeof runOnce>;

/** The report of `run`, a run of the capture `plan` summarises. */
export function result(file: string, plan: PlanSummary, run: RunOutcome, profile: string,
    ranking?: IngestReport['ranking']): IngestResult {
  const report: IngestReport = {
    capture: file,
    format: plan.format,
    profile,
    lines: plan.lines,
    used: plan.used,
    ignored: sortedCounts(plan.ignored),
    unknown: sortedCounts(plan.unknown),
    map: mapReport(plan.map),
    assumptions: run.assumptions,
    observations: run.observations,
    divergences: run.divergences,
    verdict: run.divergences.length === 0 ? 'consistent' : 'divergent',
    trace: null,
  };
  if (ranking) report.ranking = ranking;
  return { report, stateHash: run.stateHash, events: run.events };
}
