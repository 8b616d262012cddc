/**
 * Running the built CLI as a user would (a new process of the installed bin,
 * `node tools/vtwin-bin.cjs ...`: the bundle with its code cache) and timing it from the outside:
 * wall time of the whole process, start-up included.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './harness.js';

const CLI = fileURLToPath(new URL('../../../tools/vtwin-bin.cjs', import.meta.url));
const RSS_HOOK = pathToFileURL(fileURLToPath(new URL('./rssHook.js', import.meta.url))).href;

export interface CliRun {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  /** Peak RSS in MiB, when asked for. */
  rssMiB: number | null;
}

/** `rss`: report the peak RSS; `env`: variables added to this process's environment. */
export interface CliOpts {
  rss?: boolean;
  cwd?: string;
  env?: Record<string, string>;
}

/** One run of `vtwin <args>`; `rss` loads a hook that reports the peak RSS. */
export function vtwin(args: readonly string[], opts: CliOpts = {}): CliRun {
  const argv = [...(opts.rss ? ['--import', RSS_HOOK] : []), CLI, ...args];
  const t0 = process.hrtime.bigint();
  const env = opts.env ? { ...process.env, ...opts.env } : undefined;
  const r = spawnSync(process.execPath, argv, { cwd: opts.cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const m = /vtwin-bench-maxrss-kb=(\d+)/.exec(r.stderr);
  return { ms, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, rssMiB: m ? Number(m[1]) / 1024 : null };
}

/** `vtwin <args>` that must exit 0, else the bench stops with its stderr. */
export function vtwinOk(args: readonly string[], opts: CliOpts = {}): CliRun {
  const r = vtwin(args, opts);
  if (r.code !== 0) throw new Error(`vtwin ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}

/** Median wall time of `n` runs of `vtwin <args>` (each must exit 0). */
export function medianMs(args: readonly string[], n: number): number {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push(vtwinOk(args).ms);
  return median(ms);
}

/** Median wall time of `n` runs of a bare `node -e 0`: what any Node CLI costs to start here. */
export function nodeBaselineMs(n: number): number {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}
