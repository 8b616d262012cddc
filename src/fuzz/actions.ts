/**
 * Action generators: what the fuzzer's actors may do next, given the state. Each area contributes
 * generators (PF driver, host/VFIO, guest, device faults) and `heal` steps for the liveness phase.
 * A conforming driver only does what the spec allows; with `misbehave` it also breaks driver rules
 * on purpose, and those rules are then expected to name it.
 */
import type { ActionGen, Heal } from './actionGen.js';
import { CORE_ACTIONS, coreHeal } from './coreActions.js';
import { IRQ_ACTIONS, irqHeal } from './irqActions.js';
import { LEGACY_ACTIONS } from './legacyActions.js';

export type { ActionGen, GenCtx, Heal } from './actionGen.js';

export const ACTIONS: readonly ActionGen[] = [...CORE_ACTIONS, ...IRQ_ACTIONS, ...LEGACY_ACTIONS];
export const HEALS: readonly Heal[] = [coreHeal, irqHeal];

export function actionKinds(): string[] {
  return ACTIONS.map((a) => a.kind);
}
