/**
 * One command from code (`Twin.execute`), validated exactly as a scenario step is: the op's schema
 * from the registry, its load-time check against the device config, `fn` within TotalVFs, and the
 * nesting and `__proto__` bounds. A bad command is a CommandError naming the field, thrown before
 * the engine sees it, so a typo can never reach the device model (or stall an RxJS stream).
 */
import type { DeviceConfig } from '../domain/config.js';
import { CommandError } from '../errors.js';
import { knownNames } from '../util/closest.js';
import { opSpec, knownOps } from './registry.js';
import { jsonPath, parseWith, plainDataProblem } from './schema.js';
import type { ScenarioCommand } from './types.js';

const NO_TAGS: ReadonlyMap<string, number> = new Map();

/** The command as `decide` takes it (defaults filled, `fn: "pf"` mapped to 0, hex normalised). */
export function validateCommand(raw: unknown, config: DeviceConfig): ScenarioCommand {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CommandError('', '', 'a command object with "op" (see `vtwin ops`)');
  }
  const op = (raw as { op?: unknown }).op;
  if (typeof op !== 'string') throw new CommandError('', 'op', 'a string naming a command (see `vtwin ops`)');
  const spec = opSpec(op);
  if (!spec) throw new CommandError('', 'op',
    `a known op (not ${JSON.stringify(op)}), ${knownNames(op, knownOps(), '`vtwin ops`')}`);
  const shape = plainDataProblem(raw);
  if (shape) throw new CommandError(op, jsonPath(shape.path), shape.expected);
  const p = parseWith(spec.schema, raw);
  if (!p.ok) throw new CommandError(op, jsonPath(p.problem.path), p.problem.expected);
  const fn = (p.value as { fn?: unknown }).fn;
  if (typeof fn === 'number' && fn > config.totalVFs) {
    throw new CommandError(op, 'fn', `a function of this device: "pf" or a VF 1..${config.totalVFs}`);
  }
  const problem = spec.check?.(p.value, { config, tags: NO_TAGS, index: 0, lastOp: -1 }) ?? null;
  if (problem) throw new CommandError(op, jsonPath(problem.path), problem.expected);
  return p.value;
}
