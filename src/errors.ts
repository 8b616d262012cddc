/**
 * Typed errors. Guest and driver misbehaviour is never an exception (it becomes a completion status
 * or a violation); these are for bad *input* to the twin (files, configs, flags) and for replay
 * divergence. The CLI maps each to an exit code (README "CLI reference") and prints only `message`.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_DIVERGED = 3;
/** `vtwin explore`: a bound stopped the exploration before it was complete, and nothing was found. */
export const EXIT_INCOMPLETE = 4;

export abstract class VtwinError extends Error {
  abstract readonly exitCode: number;
}

/** Anything the user handed us that we cannot use: exit 2, one clear message. */
export class InputError extends VtwinError {
  readonly exitCode = EXIT_BAD_INPUT;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A device configuration that cannot exist (README "Device options"). `path` is a JSON path. */
export class ConfigError extends InputError {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly source = 'device config',
  ) {
    super(`${source}: ${path}: ${expected}`);
    this.name = 'ConfigError';
  }
}

/** A malformed scenario: names the file, the JSON path and what was expected. */
export class ScenarioError extends InputError {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${file}: ${path || '(root)'}: ${expected}`);
    this.name = 'ScenarioError';
  }
}

/** A trace that cannot be read: names the file, the byte offset and what was expected. */
export class TraceFormatError extends InputError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly expected: string,
  ) {
    super(`${file}: at byte ${offset}: ${expected}`);
    this.name = 'TraceFormatError';
  }
}

/** Replay produced something other than what was recorded (exit 3). */
export class ReplayDivergenceError extends VtwinError {
  readonly exitCode = EXIT_DIVERGED;
  constructor(
    readonly seq: number,
    readonly detail: string,
  ) {
    super(`replay diverged at seq ${seq}: ${detail}`);
    this.name = 'ReplayDivergenceError';
  }
}

/** A broken internal invariant: a bug in the twin, not in the input. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`virtio-twin internal invariant failed: ${message}`);
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`virtio-twin: unhandled ${what}: ${JSON.stringify(x)}`);
}
