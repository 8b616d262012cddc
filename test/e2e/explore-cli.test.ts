/**
 * `vtwin explore` (README "Systematic exploration", "CLI reference"): the JSON report's fields,
 * exit codes 0 / 1 / 4 / 2, reproducers that `vtwin run` and `vtwin replay` accept, and the same
 * totals with worker threads and with shards merged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/tools/vtwin.js');
const RACE = 'scenarios/race-disable-reenable-queued.json';

function vtwin(...args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function totals(r: Record<string, unknown>) {
  const { elapsedMs: _e, statesPerSecond: _s, shard: _h, ...rest } = r;
  return rest;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test does, or npx tsc -p tsconfig.json)`);
});

describe('vtwin explore', () => {
  it('--json: the report has the documented fields; complete and clean exits 0', () => {
    const r = vtwin('explore', RACE, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const fields = ['source', 'profile', 'bound', 'complete', 'stoppedBy', 'schedules', 'states', 'naive', 'reduction'];
    for (const k of [...fields, 'statesPerSecond', 'violations', 'findings']) expect(report, k).toHaveProperty(k);
    expect(report).toMatchObject({ source: RACE, profile: 'spec', complete: true, stoppedBy: null, findings: [] });
    expect(report.bound).toEqual({ depth: null, preemptions: null, timeMs: 60000 });
    expect(report.naive).toBeGreaterThan(report.schedules);
  });

  it('a finding exits 1; with --out its pinned scenario passes `vtwin run` and its trace replays', () => {
    const out = mkdtempSync(join(tmpdir(), 'vtwin-explore-'));
    const r = vtwin('explore', RACE, '--profile', 'stall-across-disable', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FINDING device\.aq\.all-complete-at-settle in schedule \d+/);
    expect(r.out).toMatch(/complete: yes/);
    const scenario = join(out, 'device.aq.all-complete-at-settle.json');
    expect(vtwin('run', scenario).code).toBe(0);
    expect(vtwin('replay', join(out, 'device.aq.all-complete-at-settle.vtrace')).code).toBe(0);
    // One root cause: the expectations that find the command still pending are its consequences.
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['device.aq.all-complete-at-settle']);
    expect(report.findings[0].actor).toBe('device');
    expect(report.findings[0].consequences).toContainEqual(expect.objectContaining({ rule: 'expect:steps[6]' }));
    expect(r.out).toMatch(/\n {2}caused: expect:steps\[6\]/);
  });

  it('stopped by a bound with nothing found exits 4 and says which bound', () => {
    const r = vtwin('explore', 'scenarios/race-pf-reset-with-commands-in-flight.json', '--bound', 'preemptions=0');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/complete: no \(preemptions\)/);
  });

  it('bad input exits 2 with one line on stderr', () => {
    for (const args of [
      ['explore', RACE, '--bound', 'depth=-1'],
      ['explore', RACE, '--bound', 'speed=9'],
      ['explore', RACE, '--profile', 'nope'],
      ['explore', 'nope.json'],
      ['explore', RACE, '--from-seq', '3'],
      ['explore', RACE, '--shard', '2/2'],
      ['explore', 'merge', 'nope.json'],
    ]) {
      const r = vtwin(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^vtwin: /);
    }
  });
});

describe('vtwin explore: the same totals, however the work is split', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vtwin-explore-split-'));
  const file = join(dir, 'queues.json');
  const steps: unknown[] = [];
  for (let k = 0; k < 2; k++) {
    for (let vf = 1; vf <= 2; vf++) {
      for (let q = 0; q < 2; q++) {
        const cmd = { opcode: 'LEGACY_COMMON_CFG_READ', member: vf, offset: 18, size: 1 };
        steps.push({ op: 'aq.submit', queue: q, cmd });
      }
    }
  }
  const device = { totalVFs: 2, numVFs: 2, adminQueues: 2 };
  writeFileSync(file, JSON.stringify({ name: 'queues', device, steps: [...steps, { op: 'settle' }] }));

  it('one process, 2 worker threads, and 2 shards merged', () => {
    const one = JSON.parse(vtwin('explore', file, '--json').out);
    const two = JSON.parse(vtwin('explore', file, '--json', '--workers', '2').out);
    expect(one.units).toBeGreaterThan(2);
    expect(totals(two)).toEqual(totals(one));
    for (const i of [0, 1]) {
      expect(vtwin('explore', file, '--shard', `${i}/2`, '--out', join(dir, `s${i}`)).code).toBe(0);
    }
    const merged = vtwin('explore', 'merge', join(dir, 's0'), join(dir, 's1'), '--json');
    expect(merged.code).toBe(0);
    expect(totals(JSON.parse(merged.out))).toEqual(totals(one));
  });
});
