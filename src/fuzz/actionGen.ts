/** What an action generator is: the shape every area's generators (./coreActions.ts, ...) share. */
import type { Command } from '../domain/commands.js';
import type { TwinState } from '../domain/state.js';
import type { Rng } from '../engine/prng.js';
import type { Swarm } from './swarm.js';

export interface GenCtx {
  swarm: Swarm;
  /** A fresh scenario tag ("f12"). */
  tag(): string;
}

export interface ActionGen {
  /** Key in the swarm mix. */
  kind: string;
  /** A fault (PF reset, SR-IOV flip mid-command, delay): only in the safety phase. */
  fault?: boolean;
  /** Breaks a driver/guest rule on purpose: only when the run misbehaves. */
  misbehaviour?: boolean;
  /**
   * The PF driver's use of a live PF (admin commands, SR-IOV): when a reset left the PF down, the
   * driver re-probes it instead, as Linux restores a reset function before using it again.
   */
  needsPf?: boolean;
  /**
   * The command(s) to issue, or null when the action makes no sense in this state. A list is a
   * sequence a real actor performs back to back (a guest bringing a device up).
   */
  gen(s: Readonly<TwinState>, rng: Rng, ctx: GenCtx): Command | Command[] | null;
}

/** Commands that bring the system to a state where liveness can be judged (faults healed). */
export type Heal = (s: Readonly<TwinState>) => Command[];
