/**
 * A long QEMU log's shadow run fed as the log is planned (the docs' notes on speed, "Ingest"): the
 * one pass (./qemu/onePass.ts) plans the lines and the run takes the steps a chunk at a time, so a
 * million-line capture's steps die young instead of all living until the run ends (which made the
 * garbage collector copy and promote each of them).
 *
 * The run needs its device config before the first step, and calibration takes it from the whole
 * capture. The stream starts the run once a whole chunk of steps went by without calibrating
 * anything or naming a device (captures calibrate at bring-up, at their start), with the config,
 * bindings and assumptions the lines so far give, and gives up as soon as a later line changes
 * what they come from. It also
 * gives up when the one pass must plan again, or on any error. Giving up returns null, and the
 * caller plans and runs the whole capture as before: the same report, only later. When the stream
 * completes, the final plan gives the same config, bindings and assumptions (checked), so the run
 * is the one the whole plan gives.
 */
import type { DeviceConfig } from '../domain/config.js';
import { calibratedConfig } from './config.js';
import type { Plan } from './plan.js';
import { finishPlan } from './qemu/plan.js';
import { OnePass } from './qemu/onePass.js';
import { parseQemuLog } from './qemu/parse.js';
import { startShadow, type ShadowResult } from './shadow.js';
import type { Assumption, Step } from './steps.js';

/** Steps planned before the run takes them (the first chunk also settles the config). */
const CHUNK = 1024;

export interface StreamOptions {
  file: string;
  strict?: boolean;
  device?: Parameters<typeof calibratedConfig>[1]['device'];
  map?: ReadonlyMap<string, number>;
  /** Steps per chunk (tests make it small). */
  chunk?: number;
}

export interface Streamed<R = ShadowResult> {
  plan: Plan;
  /** Null when the run never started (the basis changed to the end): `plan` has every step. */
  run: R | null;
  /** The assumptions behind the config (the run's own come with its result). */
  assumptions: Assumption[];
}

/** What the run's config, bindings and assumptions come from: equal counts, same config, bindings and assumptions. */
interface Basis {
  changes: number;
  names: number;
  pfs: number;
  vdevs: number;
}

const GIVE_UP = Symbol('give up');

const sameBasis = (a: Basis, b: Basis): boolean =>
  a.changes === b.changes && a.names === b.names && a.pfs === b.pfs && a.vdevs === b.vdevs;

const keyOf = (config: DeviceConfig, plan: Plan, assumptions: readonly Assumption[]): string =>
  JSON.stringify([config, plan.bind, assumptions]);

/**
 * A run that takes the steps as they are planned: the shadow twin itself (./shadow.ts startShadow),
 * or a stand-in that hands them to one running elsewhere (tools/ingest/parallel.ts, a worker thread).
 */
export interface StepFeed<R> {
  /** The next steps, in capture order; the array is reused once this returns. */
  feed(steps: readonly Step[]): void;
  end(): R;
}

/** Start the run of `so` (the plan so far, with no steps) on a twin with `config`. */
export type BeginRun<R> = (so: Plan, config: DeviceConfig) => StepFeed<R>;

/**
 * The streamed run of a QEMU log with `profile`, or null when it gave up (see above); or the whole
 * plan with no run when the run never started.
 */
export function streamQemuLog(text: string, opts: StreamOptions, profile: string): Streamed | null {
  return streamQemuLogTo(text, opts, profile, (so, config) => startShadow(so, config));
}

/** streamQemuLog with the run `begin` starts. */
export function streamQemuLogTo<R>(text: string, opts: StreamOptions, profile: string, begin: BeginRun<R>):
    Streamed<R> | null {
  const chunk = opts.chunk ?? CHUNK;
  const pass = new OnePass(opts.map);
  const { facts, planner } = pass;
  const steps = planner.steps;
  const basis = (): Basis =>
    ({ changes: planner.cal.changes, names: facts.names.length, pfs: facts.pfs.size, vdevs: facts.vdevs.size });
  let run: StepFeed<R> | null = null;
  /** The basis at the last chunk's end; once the run started, the one it started with. */
  let last = basis();
  /** The config, bindings and assumptions the run started with, as JSON. */
  let key = '';
  let next = chunk;

  /** The run, started with what the lines so far say (their plan, finished on a copy of the calibration). */
  const start = (): StepFeed<R> => {
    const so: Plan = finishPlan({ cal: planner.cal.copy(), steps: [], used: 0, ignored: {} }, facts,
      new Map(pass.map), { lines: 0, unknown: {} });
    const { config, assumptions } = calibratedConfig(so, opts, profile);
    key = keyOf(config, so, assumptions);
    return begin(so, config);
  };

  /**
   * At a chunk's end: the run takes the steps so far. It starts once a whole chunk went by with the
   * basis unchanged (a capture's bring-up calibrates, then its traffic does not); before that the
   * steps wait. Once it started, a changed basis is the end of the stream.
   */
  const flush = () => {
    const now = basis();
    if (run === null && !sameBasis(last, now)) {
      last = now;
      next = steps.length + chunk;
      return;
    }
    if (run !== null && !sameBasis(last, now)) throw GIVE_UP;
    run ??= start();
    run.feed(steps);
    steps.length = 0;
    next = chunk;
  };

  try {
    const parse = parseQemuLog(text, opts.file, {
      strict: opts.strict,
      onRecord: (line, rec) => {
        pass.feed(line, rec);
        if (steps.length >= next) flush();
      },
    });
    // A capture whose run never started (shorter than two chunks, or calibrating to the end) kept
    // its steps: its plan is the whole plan, for the caller to run.
    if (run === null) return { plan: pass.plan(parse), run: null, assumptions: [] };
    flush();
    const plan = pass.plan(parse);
    const { config, assumptions } = calibratedConfig(plan, opts, profile);
    if (keyOf(config, plan, assumptions) !== key) throw GIVE_UP;
    return { plan, run: (run as StepFeed<R>).end(), assumptions };
  } catch {
    // Whatever it was (GIVE_UP, the one pass's REPLAN, a bad line, a failed run), planning the
    // whole capture meets it again, in the order the whole plan meets it. (A run on another thread
    // is the caller's to stop.)
    return null;
  }
}
