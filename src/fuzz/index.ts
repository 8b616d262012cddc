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
  type CampaignOptions,
  type Finding,
  type RunSummary,
} from './campaign.js';
export { mutatedRun, mutateInputs, type BaseRun } from './mutate.js';
export { addRuns, coverage, emptyReport, mergeReports, withFindings, KEEP_PER_RULE,
  type CampaignReport } from './report.js';
export { parseReport, reportSchema, REPORT_FORMAT } from './reportSchema.js';
export {
  assembleReport,
  chunkInShard,
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
export { replayCommands, violates, type ReplayOutcome } from './replay.js';
export { configDelta, findingScenario } from './export.js';
