/** What a registry entry for a command `op` is (./registry.ts gathers them from ./ops/). */
import type { z } from 'zod';
import type { DeviceConfig } from '../domain/config.js';
import type { Actor } from '../domain/items.js';
import type { Problem } from './schema.js';
import type { ScenarioCommand, ScenarioOp } from './types.js';

/** What a load-time check may look at: the resolved device config and the scenario's tags. */
export interface LoadCtx {
  config: DeviceConfig;
  /** Tags defined by command steps (tag -> index of the defining step), the whole scenario. */
  tags: ReadonlyMap<string, number>;
  /** Index of the step being checked. */
  index: number;
  /** Index of the last command step before it, -1 if none. */
  lastOp: number;
}

export interface OpSpec<C extends ScenarioCommand = ScenarioCommand> {
  /** Validates a step and produces the command exactly as `decide` takes it. */
  schema: z.ZodType<C>;
  /** One line for the README table and `unknown op` help. */
  doc: string;
  /**
   * Who issues the command (README "Systematic exploration"): `vtwin explore` keeps each actor's
   * steps in their written order and interleaves the actors. A function of the command when it
   * depends on it (an MSI-X write on the PF is the PF driver's, on a VF the guest's).
   */
  actor: Actor | ((cmd: C) => Actor);
  /** Cross-checks against the device config; returns the first problem (path relative to the step). */
  check?(cmd: C, ctx: LoadCtx): Problem | null;
}

export type OpRegistry = { [K in ScenarioOp]: OpSpec<Extract<ScenarioCommand, { op: K }>> };

/** The actor of a PF-or-VF step: the PF driver on fn 0, the guest driver on a VF. */
export const driverOf = (c: { fn: number }): Actor => (c.fn === 0 ? 'pf-driver' : 'guest');
