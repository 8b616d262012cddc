/**
 * One fuzz run: the seed picks a swarm (device config, action mix, fault rate, misbehaviour),
 * then a safety phase (actions with faults, the scheduler interleaving device work between them)
 * and a liveness phase (faults off: heal, settle). Everything the run did is a command list,
 * device.run picks included, so it replays without the PRNG.
 */
import type { DeviceConfig, DeviceConfigInput } from '../domain/config.js';
import { resolveConfig } from '../domain/device.js';
import type { Command } from '../domain/commands.js';
import { Engine, type EngineObserver } from '../engine/engine.js';
import { seededRng, type Rng } from '../engine/prng.js';
import type { Violation } from '../rules/framework.js';
import { ACTIONS, HEALS, actionKinds, type ActionGen, type GenCtx } from './actions.js';
import { pickWeights, swarmDevice, type Swarm } from './swarm.js';

export interface RunOptions {
  seed: number;
  profile: string;
  /** Actions in the safety phase (default 50). */
  actions?: number;
  /** Force these device options over the swarm's choice. */
  device?: DeviceConfigInput;
  observers?: EngineObserver[];
}

export interface RunResult {
  seed: number;
  config: DeviceConfig;
  swarm: Swarm;
  commands: Command[];
  events: number;
  violations: Violation[];
  /** Violations that count as bugs: all of them, or only device/host ones when misbehaving. */
  findings: Violation[];
  exercised: Record<string, number>;
}

/** splitmix32: independent seeds for run i of a campaign, and for sub-streams of a run. */
export function mixSeed(a: number, b: number): number {
  let z = (a + Math.imul(b + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function makeSwarm(rng: Rng, profile: string, actions: number, device?: DeviceConfigInput): Swarm {
  return {
    device: { ...swarmDevice(rng, profile), ...device },
    mix: pickWeights(rng, actionKinds()),
    misbehave: rng.chance(1, 2),
    faultPermille: rng.pick([0, 20, 50, 150]),
    maxStepsBetween: rng.pick([0, 1, 2, 4, 8]),
    actions,
  };
}

export function isFinding(v: Violation, misbehave: boolean): boolean {
  return !misbehave || v.actor === 'device' || v.actor === 'host';
}

function pickAction(rng: Rng, swarm: Swarm, fault: boolean): ActionGen | null {
  let total = 0;
  const pool: ActionGen[] = [];
  for (const a of ACTIONS) {
    if (Boolean(a.fault) !== fault || (a.misbehaviour && !swarm.misbehave)) continue;
    const w = swarm.mix[a.kind] ?? 0;
    if (w === 0) continue;
    pool.push(a);
    total += w;
  }
  if (total === 0) return null;
  let r = rng.int(0, total - 1);
  for (const a of pool) {
    r -= swarm.mix[a.kind]!;
    if (r < 0) return a;
  }
  return null;
}

export function fuzzRun(opts: RunOptions): RunResult {
  const rng = seededRng(opts.seed);
  const actions = opts.actions ?? 50;
  const swarm = makeSwarm(rng, opts.profile, actions, opts.device);
  const config = resolveConfig(swarm.device, 'fuzz swarm');
  const commands: Command[] = [];
  const engine = new Engine({
    config,
    rng: seededRng(mixSeed(opts.seed, 1)),
    observers: [{ onCommand: (_i, _t, c) => void commands.push(c) }, ...(opts.observers ?? [])],
  });
  let tags = 0;
  const ctx: GenCtx = { swarm, tag: () => `f${tags++}` };
  let events = 0;
  engine.addObserver({ onEvent: () => void events++ });

  for (let i = 0; i < actions; i++) {
    const fault = swarm.faultPermille > 0 && rng.int(0, 999) < swarm.faultPermille;
    for (let attempt = 0; attempt < 3; attempt++) {
      const a = pickAction(rng, swarm, fault);
      const cmd = a?.gen(engine.state, rng, ctx);
      if (cmd) {
        for (const c of Array.isArray(cmd) ? cmd : [cmd]) engine.execute(c);
        break;
      }
    }
    const steps = rng.int(0, swarm.maxStepsBetween);
    for (let k = 0; k < steps && engine.step(); k++);
  }
  // Liveness phase: faults off, heal, let the device finish everything.
  for (const heal of HEALS) for (const c of heal(engine.state)) engine.execute(c);
  engine.settle();

  const violations = [...engine.violations];
  return {
    seed: opts.seed,
    config,
    swarm,
    commands,
    events,
    violations,
    findings: violations.filter((v) => isFinding(v, swarm.misbehave)),
    exercised: { ...engine.monitor.exercised },
  };
}
