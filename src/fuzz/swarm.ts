/**
 * Swarm configuration (README "Fuzz campaigns"; TigerBeetle's swarm testing): the run's seed picks
 * the device configuration, the fault rates and the mix of actions, so runs differ in shape, not
 * just in values. Some action kinds are switched off entirely in a given run, which is what lets
 * rare orderings (many resets, no reaps, ...) show up at all.
 */
import type { DeviceConfigInput } from '../domain/config.js';
import type { Rng } from '../engine/prng.js';

export interface Swarm {
  device: DeviceConfigInput;
  /** Weight per action kind (0 = never in this run). */
  mix: Record<string, number>;
  /** The driver/guest may misbehave on purpose; driver/guest rules are then expected to fire. */
  misbehave: boolean;
  /** Probability (per mille) of a fault action (PF reset, SR-IOV flip mid-command, delays...). */
  faultPermille: number;
  /** Maximum scheduler steps between two actions in the safety phase. */
  maxStepsBetween: number;
  /** Actions in the safety phase. */
  actions: number;
}

const WEIGHTS = [0, 1, 3, 10];

export function pickWeights(rng: Rng, kinds: readonly string[]): Record<string, number> {
  const mix: Record<string, number> = {};
  let empty = true;
  for (const k of kinds) {
    const w = WEIGHTS[rng.int(0, WEIGHTS.length - 1)]!;
    mix[k] = w;
    if (w !== 0) empty = false;
  }
  // Never an empty mix: the first kind always stays possible.
  if (kinds.length && empty) mix[kinds[0]!] = 1;
  return mix;
}

export function swarmDevice(rng: Rng, profile: string): DeviceConfigInput {
  const totalVFs = rng.pick([1, 2, 3, 4, 8, 8, 16, 64]);
  return {
    totalVFs,
    deviceType: rng.chance(1, 4) ? 'blk' : 'net',
    adminQueues: rng.pick([1, 1, 2, 3]),
    aqDepth: rng.pick([1, 2, 4, 8, 64]),
    memberIncarnation: rng.chance(1, 2) ? 'apply' : 'fail',
    listCommandsNeedVfEnable: rng.chance(1, 8),
    vfMsixVectors: rng.pick([0, 2, 4, 8]),
    vfMsixPool: rng.pick([4, 16, 256]),
    hostIrqBudget: rng.pick([1, 2, 4, 64]),
    // Host policies whose hazard a rule flags by design ('silent' exhaustion, NORESIZE
    // 'disable-reenable' growth) are left out: scenarios and the host-silent-vector profile show them.
    hostExhaustion: rng.pick(['stop-guest', 'report-error'] as const),
    hostIms: rng.chance(1, 3),
    ...(rng.chance(1, 3) ? { mmio: { queues: rng.int(1, 3), sharing: rng.chance(1, 2),
      msiVectors: rng.pick([0, 1, 2, 4]) } } : {}),
    profile,
  };
}
