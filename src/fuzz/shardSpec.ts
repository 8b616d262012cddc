/**
 * `--shard`: which shard of a campaign this process runs (README "Fuzz campaigns": clusters).
 * Either `i/n` literally, or read from the environment a batch system gives each task:
 * - `auto`: a Kubernetes Indexed Job (JOB_COMPLETION_INDEX; the count in VTWIN_SHARD_COUNT, since
 *   a pod is not told its Job's completions) or a Slurm array (SLURM_ARRAY_TASK_ID, _COUNT, and
 *   _MIN and _STEP, so `--array=1-8` or `--array=0-14:2` number shards 0..n-1);
 * - `auto:INDEX/COUNT`: the variables a CI matrix sets, named (`INDEX-1` for a 1-based index,
 *   e.g. GitLab's `auto:CI_NODE_INDEX-1/CI_NODE_TOTAL`).
 * Pure: the environment is a parameter. Missing or inconsistent variables are an InputError that
 * names them and says what was expected.
 */
import { InputError } from '../errors.js';
import type { Shard } from './drive.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** A shard and where it came from ("--shard 2/4", "Kubernetes Indexed Job", ...). */
export interface ShardSource extends Shard {
  source: string;
}

const FORMS = 'i/n (e.g. 0/4), auto, or auto:INDEX_VAR/COUNT_VAR';

function fail(what: string): never {
  throw new InputError(`--shard: ${what}`);
}

/** A shard from its index and count, checked. */
function shard(index: number, count: number, source: string, names: string): ShardSource {
  if (count < 1) fail(`${names}: the shard count must be at least 1, got ${count}`);
  if (index < 0 || index >= count) fail(`${names}: shard index ${index} is not in 0..${count - 1}`);
  return { index, count, source };
}

/** Variable `name` as a non-negative integer; `why` says who should have set it. */
function intVar(env: Env, name: string, why: string): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') fail(`${name} is not set (${why})`);
  if (!/^\s*\d+\s*$/.test(text)) fail(`${name}=${JSON.stringify(text)} is not a non-negative integer`);
  return Number(text);
}

function kubernetes(env: Env): ShardSource {
  const index = intVar(env, 'JOB_COMPLETION_INDEX', 'a Kubernetes Indexed Job sets it');
  const why = 'a Kubernetes Indexed Job does not tell its pods how many completions it has: set it to spec.completions';
  const count = intVar(env, 'VTWIN_SHARD_COUNT', why);
  if (index >= count) {
    fail(
      `JOB_COMPLETION_INDEX=${index} is not below VTWIN_SHARD_COUNT=${count}: ` +
        "set VTWIN_SHARD_COUNT to the Job's spec.completions",
    );
  }
  return shard(index, count, 'Kubernetes Indexed Job', 'JOB_COMPLETION_INDEX/VTWIN_SHARD_COUNT');
}

function slurm(env: Env): ShardSource {
  const id = intVar(env, 'SLURM_ARRAY_TASK_ID', 'Slurm sets it in an array job');
  const count = intVar(env, 'SLURM_ARRAY_TASK_COUNT', 'Slurm sets it in an array job');
  const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? intVar(env, 'SLURM_ARRAY_TASK_MIN', '') : 0;
  const step = env.SLURM_ARRAY_TASK_STEP !== undefined ? intVar(env, 'SLURM_ARRAY_TASK_STEP', '') : 1;
  const max = env.SLURM_ARRAY_TASK_MAX !== undefined ? intVar(env, 'SLURM_ARRAY_TASK_MAX', '') : undefined;
  const irregular = `a regular --array=MIN-MAX[:STEP] (every index, evenly spaced), e.g. --array=0-${count - 1}`;
  if (step < 1) fail(`SLURM_ARRAY_TASK_STEP=${step}: expected ${irregular}`);
  if (max !== undefined && (max - min) / step + 1 !== count) {
    fail(`the Slurm array ${min}-${max}:${step} has ${count} tasks, not one per step: expected ${irregular}`);
  }
  if (id < min || (id - min) % step !== 0) {
    fail(`SLURM_ARRAY_TASK_ID=${id} is not on the array's range from ${min} by ${step}: expected ${irregular}`);
  }
  return shard((id - min) / step, count, 'Slurm array', 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
}

/** `auto:INDEX/COUNT` (INDEX may end in -1: a 1-based index). */
function named(spec: string, env: Env): ShardSource {
  const m = /^auto:([A-Za-z_][A-Za-z0-9_]*)(-1)?\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(spec);
  if (!m) {
    const names = 'environment variable names; INDEX_VAR-1 if 1-based';
    fail(`expected auto:INDEX_VAR/COUNT_VAR (${names}), got ${JSON.stringify(spec)}`);
  }
  const [, indexVar, oneBased, countVar] = m as unknown as [string, string, string | undefined, string];
  const raw = intVar(env, indexVar, 'named by --shard');
  const count = intVar(env, countVar, 'named by --shard');
  const index = oneBased ? raw - 1 : raw;
  if (!oneBased && index === count) {
    fail(`${indexVar}=${raw} equals ${countVar}: if it counts from 1, write auto:${indexVar}-1/${countVar}`);
  }
  return shard(index, count, `${indexVar}${oneBased ?? ''}/${countVar}`, `${indexVar}/${countVar}`);
}

export function parseShardSpec(text: string, env: Env): ShardSource {
  const spec = text.trim();
  const literal = /^(\d+)\s*\/\s*(\d+)$/.exec(spec);
  if (literal) return shard(Number(literal[1]), Number(literal[2]), `--shard ${spec}`, spec);
  if (spec.startsWith('auto:')) return named(spec, env);
  if (spec !== 'auto') fail(`expected ${FORMS}, got ${JSON.stringify(text)}`);
  const k8s = env.JOB_COMPLETION_INDEX !== undefined;
  const slurmArray = env.SLURM_ARRAY_TASK_ID !== undefined;
  if (k8s && slurmArray) {
    fail(
      'auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set: ' +
        'name the variables, auto:INDEX_VAR/COUNT_VAR',
    );
  }
  if (k8s) return kubernetes(env);
  if (slurmArray) return slurm(env);
  return fail(
    'auto: no shard in the environment: expected JOB_COMPLETION_INDEX + VTWIN_SHARD_COUNT (Kubernetes Indexed Job), ' +
      'SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT (Slurm array), ' +
      "or your CI's variables named: auto:INDEX_VAR/COUNT_VAR",
  );
}
