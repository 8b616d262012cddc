/**
 * Scenario shapes (README "Scenario format") and the result of running one (README "CLI reference",
 * `run --json`).
 *
 * A scenario is a device config, a seed and steps. A step is one of:
 * - a command (`op` naming a member of the domain's Command union, e.g. `aq.submit`),
 * - a control step (`op`: `settle`, `step`, `pin`) that lets the device make progress,
 * - an expectation (`expect`: `completion`, `state`, `violation`, ...), checked where it stands.
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import type { WorkItem, WorkKind, Actor } from '../domain/items.js';

/** Commands a scenario may issue: the Command union minus the scheduler's own `device.run`. */
export type ScenarioCommand = Exclude<Command, { op: 'device.run' }>;
export type ScenarioOp = ScenarioCommand['op'];

export type ControlStep =
  /** Run the device until nothing is ready (bounded by maxSteps), then check liveness rules. */
  | { op: 'settle'; maxSteps?: number }
  /** `count` scheduler picks, optionally only among ready items of `kind` and/or `tag`. */
  | { op: 'step'; count: number; kind?: WorkKind; tag?: string }
  /** Work for a later tag may not run while an earlier one still has work outstanding. */
  | { op: 'pin'; order: string[] }
  /** Run exactly this work item, which must be ready (what `vtwin fuzz` writes into reproducers). */
  | { op: 'device.run'; item: WorkItem };

export type ControlOp = ControlStep['op'];

/** An expectation after validation: `expect` names its kind; the rest is kind-specific. */
export interface ExpectStep {
  expect: string;
  [field: string]: unknown;
}

export type Step = ScenarioCommand | ControlStep | ExpectStep;

export interface Scenario {
  /** Where it came from (a path, or a label for in-memory scenarios): used in every message. */
  file: string;
  name: string;
  description?: string;
  /** Fully resolved: every field the file omitted has its default. */
  device: DeviceConfig;
  seed: number;
  steps: Step[];
}

// ---- results (README "CLI reference", `run --json`) ----

/** One admin command as the device completed it (the `completions` array of `run --json`). */
export interface CompletionOut {
  tag: string;
  /** Opcode name (spec or extension), `OPCODE_0x..` when unknown. */
  opcode: string;
  member: number;
  queue: number;
  /** Spec names: "OK", "EINVAL", ...; qualifier "OK", "INVALID_MEMBER", ... */
  status: string;
  qualifier: string;
  /** Lower-case hex of command_specific_result as the device wrote it (after the status block). */
  result: string;
  /** The used length the device reported: bytes it wrote, status block included. */
  usedLen: number;
  /** Hex of the driver's result descriptor from the first byte the device did not write (stale or zero bytes). */
  resultBeyond: string;
  /**
   * Hex of the result as Linux hands it to the caller: the start of its result descriptor, used
   * length - 8 bytes long. Equals `result` unless the status descriptor is not 8 bytes.
   */
  driverResult: string;
  /** What the submitting caller got: "OK", an errno name ("EINVAL"), "EIO" if a PF reset aborted it, or "pending". */
  driver: string;
}

/** The driver's view of every submit, including ones that never reached the device. */
export interface CommandOut {
  tag: string;
  queue: number;
  opcode: string | null;
  member: number | null;
  /** Device status name, or null when the device never completed it. */
  status: string | null;
  driver: string;
  /** Why a submit was rejected or a command aborted, when it was. */
  reason?: string;
}

export interface ViolationOut {
  rule: string;
  seq: number;
  actor: Actor;
  message: string;
}

export interface InterruptOut {
  fn: number;
  vector: number;
  /** Messages sent on the vector since the start (msix/delivered events). */
  delivered: number;
  /** The vector's PBA bit at the end of the run. */
  pending: boolean;
}

export interface Failure {
  /** Index of the step that failed, or -1 for end-of-run checks (unexpected violations). */
  step: number;
  /** `refusal`: a command step was refused and the scenario does not expect it. */
  kind: 'expectation' | 'control' | 'violation' | 'refusal';
  message: string;
}

/** A command step the model refused (the `refusals` array of `run --json`). */
export interface RefusalOut {
  step: number;
  op: string;
  errno: string;
  reason: string;
  /** An `expect: refused` after it (or, for a rejected submit, a `completion` naming its tag) accounts for it. */
  expected: boolean;
}

export interface ScenarioResult {
  name: string;
  file: string;
  passed: boolean;
  /** Events the run produced (seq of the next event). */
  events: number;
  /** hashState of the final working state (16 hex digits). */
  stateHash: string;
  completions: CompletionOut[];
  violations: ViolationOut[];
  interrupts: InterruptOut[];
  expectations: { passed: number; failed: number };
  commands: CommandOut[];
  refusals: RefusalOut[];
  failures: Failure[];
  seed: number;
  profile: string;
}
