/**
 * `--shard` from a batch system's environment (README "Fuzz campaigns": clusters;
 * src/fuzz/shardSpec.ts): Kubernetes Indexed Jobs, Slurm arrays, named CI variables, and a clear
 * error naming the variables when they are missing or do not fit together.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseShardSpec, type Env } from '../../../src/fuzz/shardSpec.js';

const shard = (text: string, env: Env = {}) => {
  const s = parseShardSpec(text, env);
  return [s.index, s.count, s.source];
};

function refusal(text: string, env: Env = {}): string {
  try {
    parseShardSpec(text, env);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`${text} accepted`);
}

describe('--shard i/n', () => {
  it('takes the index and count as written, whatever the environment says', () => {
    expect(shard('2/4', { JOB_COMPLETION_INDEX: '0', VTWIN_SHARD_COUNT: '9' })).toEqual([2, 4, '--shard 2/4']);
    expect(shard(' 0 / 1 ')).toEqual([0, 1, '--shard 0 / 1']);
  });

  it('refuses an index outside the count, a zero count and other forms', () => {
    expect(refusal('2/2')).toBe('--shard: 2/2: shard index 2 is not in 0..1');
    expect(refusal('0/0')).toBe('--shard: 0/0: the shard count must be at least 1, got 0');
    expect(refusal('-1/2')).toBe('--shard: expected i/n (e.g. 0/4), auto, or auto:INDEX_VAR/COUNT_VAR, got "-1/2"');
    expect(refusal('automatic')).toMatch(/^--shard: expected i\/n/);
  });
});

describe('--shard auto: a Kubernetes Indexed Job', () => {
  it('reads JOB_COMPLETION_INDEX, and the count from VTWIN_SHARD_COUNT (the Job\'s completions)', () => {
    const env = { JOB_COMPLETION_INDEX: '3', VTWIN_SHARD_COUNT: '8' };
    expect(shard('auto', env)).toEqual([3, 8, 'Kubernetes Indexed Job']);
  });

  it('says the count is missing, or does not match the index', () => {
    expect(refusal('auto', { JOB_COMPLETION_INDEX: '3' })).toMatch(
      /^--shard: VTWIN_SHARD_COUNT is not set \(a Kubernetes Indexed Job does not tell its pods how many completions/,
    );
    expect(refusal('auto', { JOB_COMPLETION_INDEX: '8', VTWIN_SHARD_COUNT: '8' })).toBe(
      '--shard: JOB_COMPLETION_INDEX=8 is not below VTWIN_SHARD_COUNT=8: ' +
        "set VTWIN_SHARD_COUNT to the Job's spec.completions",
    );
    expect(refusal('auto', { JOB_COMPLETION_INDEX: 'two', VTWIN_SHARD_COUNT: '8' })).toBe(
      '--shard: JOB_COMPLETION_INDEX="two" is not a non-negative integer',
    );
  });
});

describe('--shard auto: a Slurm array', () => {
  it('numbers the tasks of --array=0-3 from 0', () => {
    const env = {
      SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3',
    };
    expect(shard('auto', env)).toEqual([2, 4, 'Slurm array']);
  });

  it('minds SLURM_ARRAY_TASK_MIN and the step: --array=1-8 and --array=10-24:2 give shards 0..n-1', () => {
    const oneBased = { SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' };
    expect(shard('auto', { ...oneBased, SLURM_ARRAY_TASK_ID: '1' })).toEqual([0, 8, 'Slurm array']);
    expect(shard('auto', { ...oneBased, SLURM_ARRAY_TASK_ID: '8' })).toEqual([7, 8, 'Slurm array']);
    const stepped = {
      SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '24', SLURM_ARRAY_TASK_STEP: '2',
    };
    expect(shard('auto', { ...stepped, SLURM_ARRAY_TASK_ID: '16' })).toEqual([3, 8, 'Slurm array']);
  });

  it('refuses an array that is not one task per step (--array=1,3,7), and a missing count', () => {
    const list = {
      SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '7',
    };
    expect(refusal('auto', list)).toBe(
      '--shard: the Slurm array 1-7:1 has 3 tasks, not one per step: expected a regular --array=MIN-MAX[:STEP] ' +
        '(every index, evenly spaced), e.g. --array=0-2',
    );
    expect(refusal('auto', { SLURM_ARRAY_TASK_ID: '3' })).toBe(
      '--shard: SLURM_ARRAY_TASK_COUNT is not set (Slurm sets it in an array job)',
    );
    const offStep = {
      SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_STEP: '2',
    };
    const off = refusal('auto', offStep);
    expect(off).toMatch(/^--shard: SLURM_ARRAY_TASK_ID=11 is not on the array's range from 10 by 2/);
  });
});

describe('--shard auto: which system', () => {
  it('says what it looked for when the environment has no shard', () => {
    expect(refusal('auto', { HOME: '/root' })).toBe(
      '--shard: auto: no shard in the environment: ' +
        'expected JOB_COMPLETION_INDEX + VTWIN_SHARD_COUNT (Kubernetes Indexed Job), ' +
        'SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT (Slurm array), ' +
        "or your CI's variables named: auto:INDEX_VAR/COUNT_VAR",
    );
  });

  it('refuses to guess between Kubernetes and Slurm', () => {
    const both = {
      JOB_COMPLETION_INDEX: '0', VTWIN_SHARD_COUNT: '2', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2',
    };
    expect(refusal('auto', both)).toMatch(/both JOB_COMPLETION_INDEX \(Kubernetes\) and SLURM_ARRAY_TASK_ID \(Slurm\)/);
  });
});

describe('--shard auto:INDEX/COUNT: a CI matrix names its variables', () => {
  it('reads the named variables; INDEX-1 for a 1-based index (GitLab CI_NODE_INDEX)', () => {
    expect(shard('auto:SHARD/SHARDS', { SHARD: '1', SHARDS: '3' })).toEqual([1, 3, 'SHARD/SHARDS']);
    const gitlab = { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' };
    expect(shard('auto:CI_NODE_INDEX-1/CI_NODE_TOTAL', gitlab)).toEqual([2, 3, 'CI_NODE_INDEX-1/CI_NODE_TOTAL']);
  });

  it('names a missing variable, and suggests -1 when the index equals the count', () => {
    expect(refusal('auto:SHARD/SHARDS', { SHARD: '1' })).toBe('--shard: SHARDS is not set (named by --shard)');
    expect(refusal('auto:N/T', { N: '3', T: '3' })).toBe(
      '--shard: N=3 equals T: if it counts from 1, write auto:N-1/T',
    );
    expect(refusal('auto:N-1/T', { N: '0', T: '3' })).toBe('--shard: N/T: shard index -1 is not in 0..2');
    expect(refusal('auto:1X/T')).toMatch(/^--shard: expected auto:INDEX_VAR\/COUNT_VAR/);
  });
});
