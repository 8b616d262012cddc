/**
 * Campaigns seeded by a captured run (README "Fuzz campaigns"; issue: "mutate and reorder its
 * inputs while keeping cause before effect"). The captured inputs are mutated (drop, duplicate,
 * swap neighbours, shrink a number), then re-run with the scheduler choosing fresh interleavings:
 * device work is never replayed from the capture, it is regenerated from the mutated inputs, so no
 * effect can run before its cause.
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { resolveConfig } from '../domain/device.js';
import { Engine } from '../engine/engine.js';
import { seededRng, type Rng } from '../engine/prng.js';
import { HEALS } from './actions.js';
import { isFinding, mixSeed, type RunResult } from './run.js';

export interface BaseRun {
  config: DeviceConfig;
  /** The captured commands; device.run picks are ignored (the scheduler re-decides them). */
  commands: Command[];
}

function retag(c: Command, suffix: string): Command {
  return c.op === 'aq.submit' ? { ...c, tag: `${c.tag ?? 'c'}${suffix}` } : c;
}

export function mutateInputs(inputs: readonly Command[], rng: Rng): Command[] {
  const out = inputs.slice();
  const n = rng.int(1, 4);
  for (let k = 0; k < n && out.length > 0; k++) {
    const i = rng.int(0, out.length - 1);
    switch (rng.int(0, 3)) {
      case 0:
        out.splice(i, 1);
        break;
      case 1:
        out.splice(i + 1, 0, retag(out[i]!, `d${k}`));
        break;
      case 2:
        if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
        break;
      default: {
        const c = out[i]!;
        if (c.op === 'sriov.enable' && c.numVFs > 1) out[i] = { ...c, numVFs: rng.int(1, c.numVFs) };
      }
    }
  }
  return out;
}

export function mutatedRun(base: BaseRun, seed: number): RunResult {
  const rng = seededRng(seed);
  const config = resolveConfig(base.config, 'captured trace');
  const inputs = mutateInputs(base.commands.filter((c) => c.op !== 'device.run'), rng);
  const commands: Command[] = [];
  let events = 0;
  const engine = new Engine({
    config,
    rng: seededRng(mixSeed(seed, 1)),
    observers: [{ onCommand: (_i, _t, c) => void commands.push(c), onEvent: () => void events++ }],
  });
  const maxSteps = rng.pick([0, 1, 3, 8]);
  for (const c of inputs) {
    engine.execute(c);
    const steps = rng.int(0, maxSteps);
    for (let k = 0; k < steps && engine.step(); k++);
  }
  for (const heal of HEALS) for (const c of heal(engine.state)) engine.execute(c);
  engine.settle();
  const violations = [...engine.violations];
  // Captured drivers are judged as they are: a driver-rule violation is reported, not excused.
  return {
    seed,
    config,
    swarm: { device: config, mix: {}, misbehave: false, faultPermille: 0, maxStepsBetween: maxSteps,
      actions: inputs.length },
    commands,
    events,
    violations,
    findings: violations.filter((v) => isFinding(v, false)),
    exercised: { ...engine.monitor.exercised },
  };
}
