/**
 * Scenario loading (README "Scenario format"): text -> validated Scenario, before anything runs.
 * Every problem is a ScenarioError naming the file, the JSON path (`steps[3].cmd.member`) and what
 * was expected; syntax errors name the line and column instead. Pure: no file system (see
 * ./file.ts).
 */
import { z } from 'zod';
import { deviceConfigSchema, type DeviceConfig } from '../domain/config.js';
import { resolveConfig } from '../domain/device.js';
import { profileByName, profileNames } from '../domain/profiles.js';
import { ConfigError, ScenarioError } from '../errors.js';
import { CONTROL, isControlOp } from './control.js';
import { expectSpec, knownExpectations } from './expectations.js';
import { knownOps, opSpec, type LoadCtx } from './registry.js';
import { jsonPath, parseWith, plainDataProblem, splitDotted, type PathSeg, type Problem } from './schema.js';
import { knownNames } from '../util/closest.js';
import { parseText, type ScenarioFormat } from './syntax.js';
import type { Scenario, Step } from './types.js';

/** Bounds that keep a malformed or hostile file from exhausting memory. */
export const MAX_SCENARIO_CHARS = 16 * 1024 * 1024;
export const MAX_STEPS = 100_000;

export const scenarioTopSchema = z.strictObject({
  /** Where an editor finds the JSON Schema of scenario files (README "Scenario format"); ignored. */
  $schema: z.string().max(2000).optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(20_000).optional(),
  device: z.record(z.string(), z.unknown(), { error: 'an object of device options' }).optional(),
  seed: z.int().min(0).max(0xffffffff).default(0),
  steps: z.array(z.unknown()).min(1).max(MAX_STEPS),
});

/** Parse scenario text (JSON or YAML, by `file`'s extension or the content) and validate it. */
export function parseScenario(text: string, file = '<scenario>', format?: ScenarioFormat): Scenario {
  if (text.length > MAX_SCENARIO_CHARS) throw new ScenarioError(file, '',
    `a scenario file of at most ${MAX_SCENARIO_CHARS / (1024 * 1024)} MiB`);
  return validateScenario(parseText(text, file, format), file);
}

/** Validate already-parsed data (e.g. built in a test) into a Scenario. */
export function validateScenario(raw: unknown, file = '<scenario>'): Scenario {
  const fail = (path: readonly PathSeg[], expected: string): never => {
    throw new ScenarioError(file, jsonPath(path), expected);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail([],
    'a scenario object with "name", "device", "seed" and "steps"');
  const shape = plainDataProblem(raw);
  if (shape) fail(shape.path, shape.expected);
  const t = parseWith(scenarioTopSchema, raw);
  if (!t.ok) return fail(t.problem.path, t.problem.expected);
  const device = resolveDevice(t.value.device, fail);
  const steps = parseSteps(t.value.steps, device, fail);
  return { file, name: t.value.name, description: t.value.description, device, seed: t.value.seed, steps };
}

type Fail = (path: readonly PathSeg[], expected: string) => never;

function resolveDevice(input: Record<string, unknown> | undefined, fail: Fail): DeviceConfig {
  // The schema pass first, for messages in the loader's words; then resolveConfig itself, so any
  // cross-field rule the domain adds applies to scenarios too.
  const d = parseWith(deviceConfigSchema, input ?? {});
  if (!d.ok) return fail(['device', ...d.problem.path], d.problem.expected);
  let config: DeviceConfig;
  try {
    config = resolveConfig(input ?? {}, 'device config', 'device');
  } catch (e) {
    if (e instanceof ConfigError) return fail(splitDotted(e.path), e.expected);
    throw e;
  }
  if (!profileByName(config.profile)) fail(['device', 'profile'],
    `a known profile, ${knownNames(config.profile, profileNames(), '`vtwin profiles`')}`);
  return config;
}

interface Parsed {
  step: Step;
  check: ((ctx: LoadCtx) => Problem | null) | null;
  isCommand: boolean;
}

function parseStep(raw: unknown, i: number, fail: Fail): Parsed {
  const at = ['steps', i];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(at, 'a step object with "op" (a command, or settle/step/pin) or "expect" (an expectation)');
  }
  const r = raw as Record<string, unknown>;
  if ('op' in r && 'expect' in r) fail(at, 'either "op" or "expect", not both');
  if ('op' in r) {
    const op = r.op;
    if (typeof op !== 'string') return fail([...at, 'op'], 'a string naming a command or settle/step/pin');
    if (isControlOp(op)) {
      const spec = CONTROL[op];
      const p = parseWith(spec.schema, r);
      if (!p.ok) return fail([...at, ...p.problem.path], p.problem.expected);
      return { step: p.value, check: spec.check ? (ctx) => spec.check!(p.value, ctx) : null, isCommand: false };
    }
    const spec = opSpec(op);
    if (!spec) return fail([...at, 'op'],
      `a known op, ${knownNames(op, [...knownOps(), ...Object.keys(CONTROL)], '`vtwin ops`')}`);
    const p = parseWith(spec.schema, r);
    if (!p.ok) return fail([...at, ...p.problem.path], p.problem.expected);
    return { step: p.value, check: spec.check ? (ctx) => spec.check!(p.value, ctx) : null, isCommand: true };
  }
  if ('expect' in r) {
    const kind = r.expect;
    const spec = typeof kind === 'string' ? expectSpec(kind) : undefined;
    if (!spec) return fail([...at, 'expect'], `a known expectation, one of: ${knownExpectations().join(', ')}`);
    const p = parseWith(spec.schema, r);
    if (!p.ok) return fail([...at, ...p.problem.path], p.problem.expected);
    return { step: p.value, check: spec.check ? (ctx) => spec.check!(p.value, ctx) : null, isCommand: false };
  }
  return fail(at, 'a step with "op" (a command, or settle/step/pin) or "expect" (an expectation)');
}

function parseSteps(raws: unknown[], config: DeviceConfig, fail: Fail): Step[] {
  const parsed = raws.map((r, i) => parseStep(r, i, fail));
  // Tags first (pins may name a tag submitted later), then every step's own checks, in order.
  const tags = new Map<string, number>();
  parsed.forEach((p, i) => {
    const tag = (p.step as { tag?: unknown }).tag;
    if (!p.isCommand || typeof tag !== 'string') return;
    // The twin names untagged commands c0, c1, ... (by command id); a user tag must not collide.
    if (/^c\d+$/.test(tag)) fail(['steps', i, 'tag'],
      'a tag not of the form c<number> (reserved for untagged commands)');
    if (tags.has(tag)) fail(['steps', i, 'tag'],
      `a tag not used before (steps[${tags.get(tag)}] already uses "${tag}")`);
    tags.set(tag, i);
  });
  let lastOp = -1;
  parsed.forEach((p, i) => {
    const fn = (p.step as { fn?: unknown }).fn;
    if (typeof fn === 'number' && fn > config.totalVFs) {
      fail(['steps', i, 'fn'],
        `a function of this device: "pf" or a VF 1..${config.totalVFs} (device.totalVFs = ${config.totalVFs})`);
    }
    const problem = p.check ? p.check({ config, tags, index: i, lastOp }) : null;
    if (problem) fail(['steps', i, ...problem.path], problem.expected);
    if (p.isCommand) lastOp = i;
  });
  return parsed.map((p) => p.step);
}
