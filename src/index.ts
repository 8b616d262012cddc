/**
 * virtio-twin's public API: what `import { ... } from 'virtio-twin'` gives you. The `vtwin` CLI
 * is built on exactly this.
 */

// Drive the twin directly.
export { Twin, type TwinOptions } from './twin.js';
export { Engine, type EngineObserver, type EngineOptions } from './engine/engine.js';
export { hashState } from './engine/hash.js';

// Scenarios: load (JSON/YAML), validate, run.
export {
  parseScenario,
  validateScenario,
  loadScenario,
  scenarioFilesIn,
  expandScenarioPaths,
  runScenario,
  validateCommand,
  OPS,
  EXPECTATIONS,
  CONTROL,
  WORK_KINDS,
  knownOps,
  knownExpectations,
  ScenarioSyntaxError,
  type RunOptions,
  type OpSpec,
  type ExpectSpec,
  type Scenario,
  type Step,
  type ScenarioCommand,
  type ControlStep,
  type ExpectStep,
  type ScenarioResult,
  type CompletionOut,
  type CommandOut,
  type ViolationOut,
  type InterruptOut,
  type Failure,
  type RefusalOut,
} from './scenario/index.js';

// Device model vocabulary.
export { deviceConfigSchema, type DeviceConfig, type DeviceConfigInput } from './domain/config.js';
export { resolveConfig, defaultConfig } from './domain/device.js';
export { PROFILES, profileByName, profileNames, type Profile } from './domain/profiles.js';
export type { Command, TypedAdminCmd } from './domain/commands.js';
export type { Event, EventBody, EventType } from './domain/events.js';
export type { TwinState, FnState } from './domain/state.js';
export { ALL_RULES, ruleById, ruleInfo, type Rule, type RuleInfo, type Violation } from './rules/index.js';

// Errors (each carries the CLI exit code it maps to).
export { InputError, ConfigError, ScenarioError, TraceFormatError, CaptureError, ForeignTraceError,
  ReplayDivergenceError, VtwinError, CommandError, ObserverError } from './errors.js';
export { TWIN_VERSION } from './version.js';

// Traces: record, read, replay, analyse (README "Traces").
export * from './trace/index.js';
export { replay, foldReplay, reexecReplay, type ReplayMode, type ReplayResult,
  type Divergence } from './analysis/replay.js';
export { stateAt, type StateAt } from './analysis/stateAt.js';
export { inspectTrace, type Inspection } from './analysis/inspect.js';
export { timeline, ruleSection, type TimelineOptions, type TimelineEntry } from './analysis/timeline.js';
export { describeEntry, describeEvent } from './analysis/describe.js';
export { checkTrace, type CheckResult } from './analysis/check.js';
export { blame, type BlameResult } from './analysis/blame.js';
export { diffTraces, type TraceDiffResult } from './analysis/traceDiff.js';
export { diffValues, deepEqual, type DiffEntry, type DiffResult } from './analysis/diff.js';
export { exportPerfetto, type PerfettoResult } from './analysis/perfetto.js';
export { checkTraceEvents, type TefProblem, type TefReport } from './analysis/tefCheck.js';
export { exportCapture, type CaptureExport } from './analysis/captureExport.js';

// Captured traces (README "Captured traces"): ingest is pure, the caller reads the file.
export {
  ingest,
  detectFormat,
  type IngestOptions,
  type IngestReport,
  type IngestResult,
} from './ingest/ingest.js';
export type { Divergence as CaptureDivergence } from './ingest/divergence.js';
export {
  captureJsonSchema,
  headerSchema as captureHeaderSchema,
  recordSchema as captureRecordSchema,
} from './ingest/capture/schema.js';
export { CAPTURE_RULES } from './rules/capture.js';

// Fuzzing: runs, campaigns on any executor, mergeable reports and their schema, the mutation
// score, shrinking and reproducers (src/fuzz/index.ts lists them).
export * from './fuzz/index.js';

// Systematic exploration (README "Systematic exploration"): every order within a bound.
export {
  explore,
  problemFromScenario,
  problemFromTrace,
  planExploration,
  exploreUnit,
  addTally,
  mergeExploreReports,
  parseExploreReport,
  exitCodeOf,
  type ExploreOptions,
  type ExploreReport,
  type ExploreFinding,
  type Problem,
  type Bounds,
  type Unit,
  type Tally,
} from './explore/index.js';
export { footprint, dependent, type Footprint } from './domain/footprint.js';
