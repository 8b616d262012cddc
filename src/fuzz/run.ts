/**
 * One fuzz run: the seed picks a swarm (device config, action mix, fault rate, misbehaviour),
 * then a safety phase (actions with faults, the scheduler interleaving device work between them,
 * randomly or by PCT priorities: ./strategy.ts) and a liveness phase (faults off: heal, settle).
 * Everything the run did is a command list, device.run picks included, so it replays without the
 * PRNG.
 */
import type { DeviceConfig, DeviceConfigInput } from '../domain/config.js';
import { resolveBuilt, resolveConfig } from '../domain/device.js';
import type { Command } from '../domain/commands.js';
import type { WorkItem } from '../domain/items.js';
import { isDriverOk } from '../domain/pf/status.js';
import type { TwinState } from '../domain/state.js';
import { Engine, type EngineObserver } from '../engine/engine.js';
import { seededRng, type Rng } from '../engine/prng.js';
import { ACTIONS, HEALS, actionKinds, type ActionGen, type GenCtx } from './actions.js';
import { causeTracker, type CausalViolation } from './rootCause.js';
import { DEFAULT_DEPTH, DRIVER, PCT_STEPS_PER_ACTION, Pct, threadOf, type Strategy } from './strategy.js';
import { pickWeights, swarmDevice, type Swarm } from './swarm.js';

export interface RunOptions {
  seed: number;
  profile: string;
  /** Actions in the safety phase (default 50). */
  actions?: number;
  /** Force these device options over the swarm's choice. */
  device?: DeviceConfigInput;
  observers?: EngineObserver[];
  /** Scheduling strategy (default swarm); PCT's depth d (default DEFAULT_DEPTH). */
  strategy?: Strategy;
  depth?: number;
  /**
   * Asked between actions: true ends the run there, unfinished (`cut`), e.g. a campaign's time
   * budget ran out. Without it a run always finishes (reports stay a function of the seed).
   */
  stop?: () => boolean;
}

export interface RunResult {
  seed: number;
  config: DeviceConfig;
  swarm: Swarm;
  commands: Command[];
  events: number;
  /** Every violation, with its cause chain (./rootCause.ts). */
  violations: CausalViolation[];
  /** Violations that count as bugs: all of them, or only device/host ones when misbehaving. */
  findings: CausalViolation[];
  exercised: Record<string, number>;
  /** `stop` ended the run before its liveness phase: it judges nothing and counts for nothing. */
  cut: boolean;
}

/** splitmix32: independent seeds for run i of a campaign, and for sub-streams of a run. */
export function mixSeed(a: number, b: number): number {
  let z = (a + Math.imul(b + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The action kinds, in ACTIONS order: the same for every run. */
const KINDS: readonly string[] = actionKinds();

export function makeSwarm(rng: Rng, profile: string, actions: number, device?: DeviceConfigInput): Swarm {
  return {
    device: { ...swarmDevice(rng, profile), ...device },
    mix: pickWeights(rng, KINDS),
    misbehave: rng.chance(1, 2),
    faultPermille: rng.pick([0, 20, 50, 150]),
    maxStepsBetween: rng.pick([0, 1, 2, 4, 8]),
    actions,
  };
}

export function isFinding(v: { actor: string }, misbehave: boolean): boolean {
  return !misbehave || v.actor === 'device' || v.actor === 'host';
}

/** The actions one phase of a run may pick, with their weights: fixed by the swarm for the whole run. */
interface Menu {
  gens: ActionGen[];
  weights: number[];
  total: number;
}

/** The run's menus, built once (not per pick): [without faults, faults]. */
function menusOf(swarm: Swarm): [Menu, Menu] {
  const menus: [Menu, Menu] = [{ gens: [], weights: [], total: 0 }, { gens: [], weights: [], total: 0 }];
  for (const a of ACTIONS) {
    if (a.misbehaviour && !swarm.misbehave) continue;
    const w = swarm.mix[a.kind] ?? 0;
    if (w === 0) continue;
    const m = menus[a.fault ? 1 : 0];
    m.gens.push(a);
    m.weights.push(w);
    m.total += w;
  }
  return menus;
}

function pickAction(rng: Rng, m: Menu): ActionGen | null {
  if (m.total === 0) return null;
  let r = rng.int(0, m.total - 1);
  for (let i = 0; i < m.gens.length; i++) {
    r -= m.weights[i]!;
    if (r < 0) return m.gens[i]!;
  }
  return null;
}

/** What `a` issues now: a PF driver finding its PF down re-probes it first (ActionGen.needsPf). */
function generate(a: ActionGen, s: Readonly<TwinState>, rng: Rng, ctx: GenCtx): Command | Command[] | null {
  return a.needsPf && !isDriverOk(s.pf) ? { op: 'pf.init' } : a.gen(s, rng, ctx);
}

/** What the actions of a run read: the generators' context and the run's menus. */
interface RunCtx extends GenCtx {
  menus: [Menu, Menu];
}

/** One driver action: up to three picks until one makes sense in this state. */
function act(engine: Engine, rng: Rng, swarm: Swarm, ctx: RunCtx): void {
  const fault = swarm.faultPermille > 0 && rng.int(0, 999) < swarm.faultPermille;
  const menu = ctx.menus[fault ? 1 : 0];
  for (let attempt = 0; attempt < 3; attempt++) {
    const a = pickAction(rng, menu);
    const cmd = a && generate(a, engine.state, rng, ctx);
    if (cmd) {
      if (Array.isArray(cmd)) for (const c of cmd) engine.execute(c);
      else engine.execute(cmd);
      return;
    }
  }
}

/**
 * Run the ready item of `thread` (the first, if it has several), recorded like any pick. `ready`
 * was just listed, so the engine need not list it again.
 */
function stepThread(engine: Engine, ready: readonly WorkItem[], thread: string): void {
  engine.runReady(ready.find((r) => threadOf(r) === thread)!, ready);
}

/** PCT: the driver is one thread among the device's; returns false when `stop` cut the run. */
function pctRun(engine: Engine, rng: Rng, swarm: Swarm, ctx: RunCtx, opts: RunOptions): boolean {
  const bound = PCT_STEPS_PER_ACTION * swarm.actions;
  const pct = new Pct(seededRng(mixSeed(opts.seed, 2)), opts.depth ?? DEFAULT_DEPTH, bound);
  for (let done = 0; done < swarm.actions; ) {
    const ready = engine.ready();
    const t = pct.next([DRIVER, ...ready.map(threadOf)]);
    if (t !== DRIVER) {
      stepThread(engine, ready, t);
      continue;
    }
    if (opts.stop?.()) return false;
    act(engine, rng, swarm, ctx);
    done++;
  }
  for (const heal of HEALS) for (const c of heal(engine.state)) engine.execute(c);
  for (let n = 0; n < 1_000_000; n++) {
    const ready = engine.ready();
    if (ready.length === 0) break;
    stepThread(engine, ready, pct.next(ready.map(threadOf)));
  }
  engine.settled();
  return true;
}

function swarmRun(engine: Engine, rng: Rng, swarm: Swarm, ctx: RunCtx, stop?: () => boolean): boolean {
  for (let i = 0; i < swarm.actions; i++) {
    if (stop?.()) return false;
    act(engine, rng, swarm, ctx);
    const steps = rng.int(0, swarm.maxStepsBetween);
    for (let k = 0; k < steps && engine.step(); k++);
  }
  // Liveness phase: faults off, heal, let the device finish everything.
  for (const heal of HEALS) for (const c of heal(engine.state)) engine.execute(c);
  engine.settle();
  return true;
}

/**
 * The run's config. swarmDevice builds only values the schema accepts as they are, so its config
 * skips the schema check (a sizeable share of a short run); options from outside (`device`, a
 * profile name the schema would refuse) go through the full check and its error.
 */
function configOf(device: DeviceConfigInput, opts: RunOptions): DeviceConfig {
  const built = opts.device === undefined && typeof opts.profile === 'string' && opts.profile.length > 0;
  return built ? resolveBuilt(device, 'fuzz swarm') : resolveConfig(device, 'fuzz swarm');
}

export function fuzzRun(opts: RunOptions): RunResult {
  const rng = seededRng(opts.seed);
  const actions = opts.actions ?? 50;
  const swarm = makeSwarm(rng, opts.profile, actions, opts.device);
  const config = configOf(swarm.device, opts);
  const commands: Command[] = [];
  const tracker = causeTracker();
  let events = 0;
  const engine = new Engine({
    config,
    rng: seededRng(mixSeed(opts.seed, 1)),
    observers: [
      { onCommand: (_i, _t, c) => void commands.push(c), onEvent: () => void events++ },
      tracker.observer,
      ...(opts.observers ?? []),
    ],
  });
  let tags = 0;
  const ctx: RunCtx = { swarm, tag: () => `f${tags++}`, menus: menusOf(swarm) };
  const finished =
    opts.strategy === 'pct' ? pctRun(engine, rng, swarm, ctx, opts) : swarmRun(engine, rng, swarm, ctx, opts.stop);
  const violations = tracker.violations;
  return {
    seed: opts.seed,
    config,
    swarm,
    commands,
    events,
    violations,
    findings: violations.filter((v) => isFinding(v, swarm.misbehave)),
    exercised: { ...engine.monitor.exercised },
    cut: !finished,
  };
}
