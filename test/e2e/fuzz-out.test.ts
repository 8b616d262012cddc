/**
 * A campaign's --out and its time budget are checked and honoured from the start (README "Fuzz
 * campaigns": outputs): a bad --out fails before the first run, --time bounds long runs too, and a
 * campaign that is interrupted or killed leaves its findings and a report on disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/tools/vtwin.js');
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.json\` (npm test does) first`);

function vtwin(cwd: string, ...args: string[]) {
  const t0 = Date.now();
  const r = spawnSync('node', [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - t0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start a long campaign, wait until `ready()` (or 20 s), send `signal`; exit code and output. */
async function interrupted(cwd: string, args: string[], signal: NodeJS.Signals, ready: () => boolean) {
  const child = spawn('node', [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
  for (let i = 0; i < 200 && !ready(); i++) await sleep(100);
  child.kill(signal);
  return { code: await exited, out };
}

describe('vtwin fuzz --out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vtwin-out-'));

  it('refuses paths under /proc, /sys and /dev at once (Node\'s mkdir of /proc/x would hang)', () => {
    for (const path of ['/proc/x', '/sys/kernel/x', '/dev/vtwin']) {
      const r = vtwin(dir, 'fuzz', '--runs', '100000', '--out', path);
      expect(r.code, path).toBe(2);
      expect(r.err).toMatch(new RegExp(`^vtwin: --out: ${path} is under /(proc|sys|dev) \\(a kernel file system\\)`));
      expect(r.ms).toBeLessThan(10_000);
    }
  });

  it('fails before the campaign when it cannot be created (a file in the way), for fuzz and fuzz merge', () => {
    writeFileSync(join(dir, 'taken'), '');
    const r = vtwin(dir, 'fuzz', '--runs', '1000000', '--out', 'taken/results');
    const expected = 'expected a directory or a new path';
    expect([r.code, r.err]).toEqual([2, `vtwin: --out: taken/results: a file is in the way, ${expected}\n`]);
    expect(r.ms).toBeLessThan(10_000);
    const m = vtwin(dir, 'fuzz', 'merge', 'nothing.json', '--out', 'taken');
    expect([m.code, m.err]).toEqual([2, `vtwin: --out: taken: exists and is not a directory, ${expected}\n`]);
  });

  it('holds a partial report.json from the start, updated while the campaign runs; a kill -9 leaves it', async () => {
    const out = join(dir, 'killed');
    const r = await interrupted(dir, ['fuzz', '--runs', '100000000', '--out', out], 'SIGKILL', () => {
      if (!existsSync(join(out, 'report.json'))) return false;
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).runs > 0;
    });
    expect(r.code).toBe(-1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.partial).toBe(true);
    expect(report.runs).toBeGreaterThan(0);
    expect(report.ranges[0][0]).toBe(0);
  });

  it('writes findings as they are found: SIGINT ends with exit 130, the findings and a partial report', async () => {
    const out = join(dir, 'stopped');
    const rule = join(out, 'device.aq.fifo-per-queue');
    const found = () => existsSync(rule) && readdirSync(rule).length >= 2;
    const args = ['fuzz', '--profile', 'aq-reorder', '--runs', '100000000', '--out', out];
    const r = await interrupted(dir, args, 'SIGINT', found);
    expect(r.code).toBe(130);
    expect(r.out).toMatch(/partial: the campaign did not finish/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.partial).toBe(true);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['device.aq.fifo-per-queue']);
    const f = report.findings[0];
    expect(readdirSync(join(out, f.rule)).sort()).toEqual([`${f.seed}.json`, `${f.seed}.vtrace`]);
    expect(vtwin(join(out, f.rule), 'run', `${f.seed}.json`).code).toBe(0);
  });
});

describe('vtwin fuzz --time', () => {
  it('bounds a single long run too: --time 2s --actions 100000 ends in seconds, reporting whole runs only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-time-'));
    const r = vtwin(dir, 'fuzz', '--time', '2s', '--actions', '100000', '--json');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    const report = JSON.parse(r.out);
    expect(report.partial).toBeUndefined();
    expect(report.runs).toBe(report.ranges.length ? report.ranges[0][1] : 0);
  });
});
