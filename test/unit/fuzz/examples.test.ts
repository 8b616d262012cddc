/**
 * The cluster examples in examples/ (README "Fuzz campaigns": clusters) run commands this CLI
 * accepts: every `vtwin` command line in them parses with the options vtwin registers, its values
 * pass the same checks `vtwin fuzz` makes, and `--shard auto` gives each task of the Kubernetes
 * Indexed Job or Slurm array its own shard, all of them together, which the merge then collects.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createProgram } from '../../../tools/cli.js';
import { parseFuzzOpts, type FuzzOpts } from '../../../tools/commands/fuzz.js';
import { captureIo } from '../../../tools/io.js';

const root = join(import.meta.dirname, '..', '..', '..');
const examples = join(root, 'examples');
type Env = Record<string, string>;

/** `$X`, `${X}` and `${X:-default}` from `env` (unknown: `<X>`). */
function expand(text: string, env: Env): string {
  type Part = string | undefined;
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_m, a: Part, def: Part, b: Part) => {
    const name = (a ?? b)!;
    return env[name] ?? (def !== undefined ? expand(def, env) : `<${name}>`);
  });
}

/** Shell words (quotes removed); enough for the examples' one-line commands. */
function words(line: string): string[] {
  const parts = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return parts.map((w) => w.replace(/"/g, ''));
}

/** The vtwin command lines of a shell script (continuations joined, comments skipped). */
function shellCommands(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .flatMap((l) => l.split(';'))
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('#') && /(^|\s)vtwin\s/.test(l));
}

interface Parsed {
  command: 'fuzz' | 'merge';
  opts: Record<string, unknown>;
  files: string[];
}

/** Parse argv with vtwin's own registered commands and options; actions only record. */
async function parse(argv: string[]): Promise<Parsed> {
  const io = captureIo();
  const program = createProgram(io, () => undefined);
  let parsed: Parsed | null = null;
  const fuzz = program.commands.find((c) => c.name() === 'fuzz')!;
  fuzz.action((opts: Record<string, unknown>) => void (parsed = { command: 'fuzz', opts, files: [] }));
  const merge = fuzz.commands.find((c: Command) => c.name() === 'merge')!;
  merge.action((files: string[], opts: Record<string, unknown>) => void (parsed = { command: 'merge', opts, files }));
  program.exitOverride();
  for (const c of [fuzz, merge]) c.exitOverride();
  await program.parseAsync(argv, { from: 'user' });
  expect(io.stderr, argv.join(' ')).toBe('');
  return parsed!;
}

/** A fuzz command line as `vtwin fuzz` would check it, --out aside (nothing is created). */
async function checkedFuzz(line: string, env: Env) {
  const argv = words(expand(line, env));
  expect(argv.slice(0, argv[0] === 'npx' ? 2 : 1).at(-1), line).toBe('vtwin');
  const p = await parse(argv.slice(argv[0] === 'npx' ? 2 : 1));
  if (p.command === 'merge') return { parsed: p, checked: null };
  const checked = parseFuzzOpts({ ...(p.opts as unknown as FuzzOpts), out: undefined }, captureIo(), env);
  return { parsed: p, checked };
}

describe('examples/kubernetes: an Indexed Job and its merge', () => {
  const docs = (file: string) =>
    parseAllDocuments(readFileSync(join(examples, 'kubernetes', file), 'utf8')).map((d) => d.toJS());
  const job = docs('fuzz-indexed-job.yaml').find((d) => d.kind === 'Job');
  const container = job.spec.template.spec.containers[0];
  const script = (c: { command: string[] }) => {
    expect(c.command.slice(0, 2)).toEqual(['sh', '-c']);
    return shellCommands(c.command[2]!);
  };

  it('is an Indexed Job whose VTWIN_SHARD_COUNT is its completions', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(Number(env.VTWIN_SHARD_COUNT)).toBe(job.spec.completions);
  });

  it('gives each pod its own shard (--shard auto), every shard to a pod; the merge reads their output', async () => {
    const [line] = script(container);
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const shards: number[] = [];
    const outs = new Set<string>();
    for (let i = 0; i < job.spec.completions; i++) {
      const { parsed, checked } = await checkedFuzz(line!, { ...env, JOB_COMPLETION_INDEX: String(i) });
      expect(checked!.shard).toMatchObject({ index: i, count: job.spec.completions, source: 'Kubernetes Indexed Job' });
      shards.push(checked!.shard!.index);
      outs.add(String(parsed.opts.out));
    }
    expect(shards).toEqual([...Array(job.spec.completions).keys()]);
    expect(outs.size).toBe(job.spec.completions);
    const merge = await checkedFuzz(script(docs('merge-job.yaml')[0].spec.template.spec.containers[0])[0]!, {});
    expect(merge.parsed.command).toBe('merge');
    const glob = merge.parsed.files[0]!;
    for (const out of outs) expect(out.startsWith(glob.replace(/\*$/, ''))).toBe(true);
  });
});

describe('examples/slurm: an array job and its merge', () => {
  const read = (file: string) => readFileSync(join(examples, 'slurm', file), 'utf8');

  it('gives each task of --array its own shard with --shard auto, and every shard to some task', async () => {
    const text = read('fuzz-shard.sbatch');
    const [, lo, hi] = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(text)!;
    const [min, max] = [Number(lo), Number(hi)];
    const count = max - min + 1;
    const [line] = shellCommands(text);
    const shards: number[] = [];
    for (let id = min; id <= max; id++) {
      const env = {
        SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: String(count),
        SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max), SLURM_CPUS_PER_TASK: '2', PWD: '/scratch',
      };
      const { checked } = await checkedFuzz(line!, env);
      expect(checked!.shard).toMatchObject({ count, source: 'Slurm array' });
      shards.push(checked!.shard!.index);
    }
    expect(shards).toEqual([...Array(count).keys()]);
  });

  it('merges where the shards write, and submit.sh queues both scripts', async () => {
    const env = { PWD: '/scratch', SLURM_ARRAY_TASK_ID: '3' };
    const shard = await checkedFuzz(shellCommands(read('fuzz-shard.sbatch'))[0]!, {
      ...env, SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '0',
    });
    const merge = await checkedFuzz(shellCommands(read('fuzz-merge.sbatch'))[0]!, env);
    expect(merge.parsed.command).toBe('merge');
    expect(String(shard.parsed.opts.out).startsWith(merge.parsed.files[0]!.replace(/\*$/, ''))).toBe(true);
    const submit = read('submit.sh');
    const queued = [...submit.matchAll(/sbatch [^\n]*?(\S+\.sbatch)/g)].map((m) => m[1]!);
    expect(queued).toEqual(['fuzz-shard.sbatch', 'fuzz-merge.sbatch']);
    for (const f of queued) expect(existsSync(join(examples, 'slurm', f)), f).toBe(true);
  });
});

describe('examples/', () => {
  it('holds no vtwin fuzz command line besides the four the tests above parse', () => {
    const files = readdirSync(examples, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    const text = (d: (typeof files)[number]) => readFileSync(join(d.parentPath, d.name), 'utf8');
    const lines = files.flatMap((d) => shellCommands(text(d)).map((l) => `${d.name}: ${l}`));
    // Kubernetes: the Job's (its folded YAML string starts on one line) and the merge's; Slurm: 2.
    expect(lines.filter((l) => /vtwin fuzz/.test(l))).toHaveLength(4);
  });
});
