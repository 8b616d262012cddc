/** What a campaign hands back: reproducers that run, traces that replay, shrink and --from. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/fuzz/campaign.js';
import { fuzzRun } from '../../src/fuzz/run.js';
import { fileSink } from '../../src/trace/file.js';
import { recordRun } from '../../src/trace/runs.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const root = join(import.meta.dirname, '..', '..');

async function vtwin(cwd: string, ...argv: string[]) {
  const io = captureIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('fuzz outputs (README "Fuzz campaigns")', () => {
  it('writes a reproducer scenario and a trace per finding: the scenario passes, the trace replays and still fails ' +
      'the rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-found-'));
    const r = await vtwin(dir, 'fuzz', '--seed', '3', '--runs', '40', '--profile', 'aq-reorder', '--out', 'found');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FINDING device\.aq\.fifo-per-queue seed=\d+/);
    const ruleDir = join(dir, 'found', 'device.aq.fifo-per-queue');
    const files = readdirSync(ruleDir).sort();
    const scenario = files.find((f) => f.endsWith('.json'))!;
    expect(files).toContain(scenario.replace(/\.json$/, '.vtrace'));
    expect((await vtwin(ruleDir, 'run', scenario)).code).toBe(0);
    const trace = scenario.replace(/\.json$/, '.vtrace');
    expect((await vtwin(ruleDir, 'replay', trace, '--mode', 'reexec')).code).toBe(0);
    const check = await vtwin(ruleDir, 'check', trace, '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.out).violations.map((v: { rule: string }) => v.rule)).toContain('device.aq.fifo-per-queue');
    expect(JSON.parse(readFileSync(join(dir, 'found', 'report.json'), 'utf8')).findingsByRule[
      'device.aq.fifo-per-queue']).toBeGreaterThan(0);
  });

  it('vtwin shrink minimises a recorded failing run to a trace and a scenario that still fail the same rule',
      async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-shrink-'));
    expect((await vtwin(root, 'run', join(root, 'scenarios/profile-aq-reorder.yaml'), '--record',
      join(dir, 'run.vtrace'))).code).toBe(0);
    const r = await vtwin(dir, 'shrink', 'run.vtrace', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.rule).toBe('device.aq.fifo-per-queue');
    expect(s.commandsAfter).toBeLessThanOrEqual(s.commandsBefore);
    expect(s.commandsAfter).toBeLessThanOrEqual(2);
    expect(existsSync(join(dir, 'run.shrunk.vtrace'))).toBe(true);
    expect((await vtwin(dir, 'run', 'run.shrunk.json')).code).toBe(0);
    const check = JSON.parse((await vtwin(dir, 'check', 'run.shrunk.vtrace', '--json')).out);
    expect(check.violations.map((v: { rule: string }) => v.rule)).toContain('device.aq.fifo-per-queue');
  });

  it('vtwin shrink of a fuzz reproducer changes nothing: the campaign already shrank it to a fixpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-reshrink-'));
    for (const profile of ['aq-reorder', 'stall-across-disable', 'error-side-effects']) {
      const campaign = await vtwin(dir, 'fuzz', '--seed', '1', '--runs', '200', '--profile', profile, '--out', profile);
      expect(campaign.code).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, profile, 'report.json'), 'utf8'));
      for (const f of report.findings) {
        const trace = join(profile, f.rule, `${f.seed}.vtrace`);
        const r = await vtwin(dir, 'shrink', trace, '--rule', f.rule, '--json', '--out', join(profile, 'again'));
        expect(r.code, trace).toBe(0);
        const s = JSON.parse(r.out);
        expect([s.commandsAfter, s.optionsAfter], trace).toEqual([s.commandsBefore, s.optionsBefore]);
        // Only what the failure needs is left (the pool size, for an over-committed pool).
        for (const o of ['mmio', 'hostIms', 'hostIrqBudget', 'totalVFs']) {
          expect(s.optionsAfter, trace).not.toContain(o);
        }
      }
    }
  });

  it('vtwin shrink --rule of a rule that fired only as a consequence names its root cause (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-shrink-'));
    // Run 291 of this campaign stalls a command and leaves a guest access behind it unanswered.
    const run = fuzzRun({ seed: runSeed(1, 291), profile: 'stall-across-disable' });
    const info = { config: run.config, seed: run.seed, producer: 'test' };
    recordRun(fileSink(join(dir, 'stall.vtrace')), info, run.commands);
    const r = await vtwin(dir, 'shrink', 'stall.vtrace', '--rule', 'host.mapper.accesses-answered');
    expect([r.code, r.err]).toEqual([
      2,
      'vtwin: --rule: host.mapper.accesses-answered fires in stall.vtrace only as a consequence of ' +
        'device.aq.all-complete-at-settle; shrink that rule\n',
    ]);
    const ok = JSON.parse((await vtwin(dir, 'shrink', 'stall.vtrace', '--json')).out);
    expect(ok.rule).toBe('device.aq.all-complete-at-settle');
    expect(ok.commandsAfter).toBeLessThan(ok.commandsBefore);
  });

  it('vtwin shrink refuses a trace that fails no rule (exit 2, one line)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-shrink-'));
    await vtwin(root, 'run', join(root, 'scenarios/fifo-within-one-queue.json'), '--record', join(dir, 'ok.vtrace'));
    const r = await vtwin(dir, 'shrink', 'ok.vtrace');
    expect(r.code).toBe(2);
    expect(r.err).toBe('vtwin: ok.vtrace: the recorded run violates no rule: nothing to shrink\n');
  });

  it('fuzz --from mutates a captured run: deterministic per seed, and catches the captured deviation again',
      async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-from-'));
    await vtwin(root, 'run', join(root, 'scenarios/profile-aq-reorder.yaml'), '--record', join(dir, 'cap.vtrace'));
    const a = await vtwin(dir, 'fuzz', '--from', 'cap.vtrace', '--runs', '60', '--seed', '4', '--json');
    const b = await vtwin(dir, 'fuzz', '--from', 'cap.vtrace', '--runs', '60', '--seed', '4', '--json');
    const strip = (o: string) => ({ ...JSON.parse(o), timing: undefined });
    expect(strip(a.out)).toEqual(strip(b.out));
    expect(strip(a.out).runs).toBe(60);
    expect(strip(a.out).profile).toBe('aq-reorder');
    expect(Object.keys(strip(a.out).findingsByRule)).toContain('device.aq.fifo-per-queue');
  });
});
