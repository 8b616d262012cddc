import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/tools/vtwin.js');

function fuzzJson(...args: string[]) {
  const r = spawnSync('node', [CLI, 'fuzz', '--json', ...args], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout);
  delete report.timing;
  return { code: r.status, report };
}

describe('vtwin fuzz: same seed, same campaign result (README "Fuzz campaigns")', () => {
  it('with 1 or 2 worker threads', () => {
    const one = fuzzJson('--seed', '5', '--runs', '600', '--profile', 'aq-reorder', '--workers', '1');
    const two = fuzzJson('--seed', '5', '--runs', '600', '--profile', 'aq-reorder', '--workers', '2');
    expect(one.report.runs).toBe(600);
    expect(one.report.findings.length).toBeGreaterThan(0);
    expect(two.report).toEqual(one.report);
    expect([one.code, two.code]).toEqual([1, 1]);
  });

  it('split into shards and merged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-shards-'));
    const whole = fuzzJson('--seed', '3', '--runs', '2500');
    for (const i of [0, 1]) {
      execFileSync('node', [CLI, 'fuzz', '--seed', '3', '--runs', '2500', '--shard', `${i}/2`, '--out',
        join(dir, `s${i}`)]);
    }
    const merged = JSON.parse(execFileSync('node', [CLI, 'fuzz', 'merge', join(dir, 's0'), join(dir, 's1'), '--json'],
      { encoding: 'utf8' }));
    expect(merged).toEqual(whole.report);
    expect(JSON.parse(readFileSync(join(dir, 's1', 'report.json'), 'utf8')).ranges).toEqual([[1000, 2000]]);
  });

  it('refuses conflicting or malformed flags with exit 2 and one line', () => {
    for (const args of [['--runs', '5', '--time', '1s'], ['--shard', '2/2'], ['--profile', 'nope'],
        ['--time', 'soon']]) {
      const r = spawnSync('node', [CLI, 'fuzz', ...args], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^vtwin: /);
    }
  });
});
