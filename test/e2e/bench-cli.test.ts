/**
 * `npm run bench` (tools/bench/bench.ts): each section runs in a process of its own, and the
 * parent still prints one summary of every figure; `--json` puts exactly the figures on stdout,
 * one object per line (README "Working on the twin (conventions)", docs/performance.md). Runs the quick
 * cli-startup section from dist/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function bench(...args: string[]) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist/tools/bench/bench.js'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VTWIN_BENCH_QUICK: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run bench', () => {
  it('runs each section in its own process and sums their figures up in one line', () => {
    const r = bench('cli-startup');
    expect(r.code).toBe(0);
    expect(r.out).toContain('== cli-startup:');
    // Two of the three figures have targets; whether they are met depends on the machine's load.
    const m = /\n3 figures in [\d.]+ s; targets: (\d) met, (\d) not met; load average /.exec(r.out);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + Number(m![2])).toBe(2);
    expect(r.out.match(/ (NOT )?met \(target/g)?.filter((x) => !x.includes('NOT')).length ?? 0).toBe(Number(m![1]));
  }, 60_000);

  it('--json: every figure as one JSON object per line on stdout, the rest on stderr', () => {
    const r = bench('--json', 'cli-startup');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.name)).toEqual(['node -e 0 (reference)', 'vtwin --version',
      'vtwin state --at, small trace']);
    for (const l of lines) expect(Object.keys(l)).toEqual(['section', 'name', 'value', 'unit', 'target', 'met']);
    const met = lines.filter((l) => l.met === true).length;
    expect(lines.filter((l) => l.target !== null)).toHaveLength(2);
    expect(r.err).toMatch(new RegExp(`3 figures in [\\d.]+ s; targets: ${met} met, ${2 - met} not met`));
  }, 60_000);

  it('names an unknown section and exits 2', () => {
    const r = bench('nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bench: unknown section\(s\) nope; sections: cli-startup, trace-replay/);
  });
});
