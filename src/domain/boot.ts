/**
 * The state a run starts from: the power-on state of the config, plus the VFs the config says are
 * already enabled (`numVFs`), brought up by exactly the events an `sriov.enable` would produce, so
 * a run that starts with VFs and one that enables them first reach the same state.
 */
import type { DeviceConfig } from './config.js';
import { decide } from './decide.js';
import { initialState } from './device.js';
import { evolve } from './evolve.js';
import { profileByName, PROFILES } from './profiles.js';
import type { TwinState } from './state.js';

export function bootState(config: DeviceConfig): TwinState {
  const s = initialState(config);
  if (config.numVFs > 0) {
    const profile = profileByName(config.profile) ?? PROFILES[0]!;
    for (const e of decide(s, { op: 'sriov.enable', numVFs: config.numVFs }, { profile })) evolve(s, e);
  }
  return s;
}
