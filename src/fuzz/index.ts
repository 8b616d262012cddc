/**
 * The fuzzing API: single runs, campaigns over run indices (any executor), mergeable reports
 * and their schema, the mutation score, shrinking and reproducers. Pure: no file system, no
 * process, no clock (a campaign's time budget uses the clock it is given). `vtwin fuzz` and
 * `vtwin shrink` are built on exactly this; src/index.ts re-exports it.
 */
export { fuzzRun, mixSeed, type RunOptions as FuzzRunOptions, type RunResult as FuzzRunResult } from './run.js';
export type { Swarm } from './swarm.js';
export {
  runIndex,
  runRange,
  runSeed,
  shrinkFinding,
  signatureOf,
  consequencesOf,
  type CampaignOptions,
  type Consequence,
  type Finding,
  type RunSummary,
} from './campaign.js';
export { mutatedRun, mutateInputs, type BaseRun } from './mutate.js';
export { addRuns, coverage, emptyReport, mergeReports, withFindings, type CampaignReport } from './report.js';
export { parseReport, reportSchema, REPORT_FORMAT } from './reportSchema.js';
export {
  assembleReport,
  chunkInShard,
  chunkSize,
  driveCampaign,
  inProcessExecutor,
  BLOCK,
  CHUNK,
  type DriveOptions,
  type FuzzExecutor,
  type Shard,
} from './drive.js';
export {
  catches,
  deviationProfiles,
  mutationScore,
  scoreOf,
  type MutationOptions,
  type MutationResult,
  type MutationScore,
} from './mutation.js';
export { shrink, inputCount, type ShrinkResult } from './shrink.js';
export {
  causeTracker,
  causesOf,
  groupByRootCause,
  rootRules,
  ruleKind,
  sameSide,
  type CausalViolation,
  type RootCause,
} from './rootCause.js';
export {
  DEFAULT_DEPTH,
  MAX_DEPTH,
  PCT_STEPS_PER_ACTION,
  Pct,
  STRATEGIES,
  threadOf,
  type Strategy,
} from './strategy.js';
export { configDelta, resetOption } from './configDelta.js';
export { parseShardSpec, type Env, type ShardSource } from './shardSpec.js';
export { replayCommands, violates, type ReplayOutcome } from './replay.js';
export { findingScenario } from './export.js';
