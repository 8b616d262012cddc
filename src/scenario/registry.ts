/**
 * The step vocabulary as registries, so each area adds its steps by adding entries:
 *
 * - OPS: one zod schema per command `op`, keyed by op. Its type is a mapped type over the domain's
 *   Command union (src/domain/commands.ts), so adding a command there without a scenario schema
 *   here fails to compile, and a schema whose output is not that command fails to compile too.
 * - EXPECTATIONS (./expectations.ts): one entry per `expect` kind, with its check at run time.
 * - CONTROL (./control.ts): settle, step, pin.
 *
 * Each entry may add load-time `check`s beyond shape (a queue that exists, a typed command that
 * encodes), reported with the step's JSON path before anything runs.
 */
import type { OpRegistry, OpSpec } from './opSpec.js';
import type { Actor } from '../domain/items.js';
import type { ControlOp, ScenarioCommand, ScenarioOp } from './types.js';
import { CORE_OPS } from './ops/core.js';
import { MSIX_OPS } from './ops/msix.js';
import { HOST_OPS } from './ops/host.js';
import { MMIO_OPS } from './ops/mmio.js';
import { LEGACY_OPS } from './ops/legacy.js';

export type { LoadCtx, OpRegistry, OpSpec } from './opSpec.js';

/**
 * Every command a scenario may issue. Areas append their entries (`...msixOps`, `...legacyOps`)
 * from their own `src/scenario/ops/<area>.ts`.
 */
export const OPS: OpRegistry = {
  ...CORE_OPS,
  ...MSIX_OPS,
  ...HOST_OPS,
  ...MMIO_OPS,
  ...LEGACY_OPS,
};

// Control ops share the `op` key with commands: they must never collide with a command name.
type Collision = Extract<ScenarioOp, ControlOp>;
const noCollision: [Collision] extends [never] ? true : never = true;
void noCollision;

export function opSpec(op: string): OpSpec | undefined {
  return Object.prototype.hasOwnProperty.call(OPS, op) ? (OPS[op as ScenarioOp] as OpSpec) : undefined;
}

export function knownOps(): string[] {
  return Object.keys(OPS).sort();
}

/** Who issues a scenario command (its registry entry's `actor`). */
export function actorOf(cmd: ScenarioCommand): Actor {
  const a = (OPS[cmd.op] as OpSpec).actor;
  return typeof a === 'function' ? a(cmd) : a;
}
