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

/**
 * A command handed to `Twin.execute` that the twin cannot take: `path` is the JSON path of the
 * field inside the command (`numVFs`, `cmd.opcodes[0]`), `expected` what it had to be.
 */
export class CommandError extends InputError {
  constructor(
    readonly op: string,
    readonly path: string,
    readonly expected: string,
  ) {
    super(`command${op ? ` ${op}` : ''}: ${path || '(root)'}: ${expected}`);
    this.name = 'CommandError';
  }
}

/**
 * An observer threw while the engine ran a command (or settled). The engine catches it, finishes
 * the command (every event applied, checked and passed to the other observers), then throws this:
 * the twin stays consistent and takes the next command. `cause` is what the observer threw.
 */
export class ObserverError extends VtwinError {
  readonly exitCode: number;
  constructor(
    readonly hook: string,
    readonly seq: number,
    override readonly cause: unknown,
    /** The command's events, all applied (empty for a settle). */
    readonly events: readonly unknown[] = [],
  ) {
    super(`an observer's ${hook} threw at seq ${seq}: ${cause instanceof Error ? cause.message : String(cause)} ` +
      `(the command was applied in full)`);
    this.name = 'ObserverError';
    this.exitCode = cause instanceof VtwinError ? cause.exitCode : 70;
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

/**
 * A captured trace (`vtwin ingest`) that cannot be read: names the file, the 1-based line, the field
 * and what was expected (`file:line: field: expected`).
 */
export class CaptureError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${file}:${line}: ${field}: ${expected}`);
    this.name = 'CaptureError';
  }
}

/**
 * A trace from a newer twin: it uses event types or device profiles this build does not know,
 * so nothing this build computes from it would mean anything (exit 2, naming the file).
 */
export class ForeignTraceError extends InputError {
  constructor(
    readonly file: string,
    readonly twinVersion: string,
    readonly thisVersion: string,
    readonly eventTypes: readonly string[],
    readonly profiles: readonly string[],
  ) {
    const both = eventTypes.length > 0 && profiles.length > 0;
    const kinds = both ? 'event types and profiles' : eventTypes.length ? 'event types' : 'profiles';
    const names = both ? [...eventTypes.map((t) => `${t} (event type)`), ...profiles.map((p) => `${p} (profile)`)]
      : [...eventTypes, ...profiles];
    super(`${file}: made by virtio-twin ${twinVersion} with ${kinds} this version (${thisVersion}) does not know: ` +
      names.join(', '));
    this.name = 'ForeignTraceError';
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
