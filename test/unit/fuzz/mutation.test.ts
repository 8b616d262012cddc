/**
 * The mutation score (src/fuzz/mutation.ts): one campaign per deviation profile, caught when one
 * of the rules the profile names in `caughtBy` yields a finding.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES, profileByName } from '../../../src/domain/profiles.js';
import type { Finding } from '../../../src/fuzz/campaign.js';
import { driveCampaign, inProcessExecutor } from '../../../src/fuzz/drive.js';
import { catches, deviationProfiles, mutationScore, scoreOf } from '../../../src/fuzz/mutation.js';
import { emptyReport, type CampaignReport } from '../../../src/fuzz/report.js';

describe('mutation score', () => {
  it('scores a profile from its report: the earliest finding of a caughtBy rule, else escaped after every run', () => {
    const p = profileByName('vf-msix-overcommit')!;
    const f = (rule: string, index: number, inputs: number) => ({ rule, index, inputs }) as Finding;
    const report: CampaignReport = { ...emptyReport(1, p.name, 50), runs: 40,
      findings: [f('device.msix.no-lost-interrupt', 2, 9), f('device.provision.outcome', 30, 4),
      f('device.provision.pool-never-overcommitted', 12, 3)] };
    expect(scoreOf(p, report, 1.5)).toEqual(
      { profile: p.name, caught: true, afterRuns: 13, rule: 'device.provision.pool-never-overcommitted',
      shrunkInputs: 3, seconds: 1.5 });
    expect(scoreOf(p, { ...report, findings: [report.findings[0]!] }, null)).toEqual(
      { profile: p.name, caught: false, afterRuns: 40, rule: null, shrunkInputs: null, seconds: null });
    expect(catches(p)(f('device.provision.outcome', 0, 1))).toBe(true);
    expect(catches(p)(f('device.aq.fifo-per-queue', 0, 1))).toBe(false);
  });

  it('runs every deviation profile in order, each until caught or out of runs, timed by the clock it is given',
      async () => {
    let t = 0;
    const reports: string[] = [];
    const r = await mutationScore(inProcessExecutor, {
      seed: 1,
      actions: 30,
      runs: 200,
      now: () => (t += 250),
      onReport: (p, report) => reports.push(`${p.name}:${report.profile}`),
    });
    expect(deviationProfiles().map((p) => p.name)).toEqual(
      PROFILES.filter((p) => p.name !== 'spec').map((p) => p.name));
    expect(r.scores.map((s) => s.profile)).toEqual(deviationProfiles().map((p) => p.name));
    expect(reports).toEqual(deviationProfiles().map((p) => `${p.name}:${p.name}`));
    expect(r.total).toBe(deviationProfiles().length);
    expect(r.caught).toBe(r.scores.filter((s) => s.caught).length);
    expect(r.caught).toBeGreaterThan(r.total / 2);
    for (const s of r.scores) {
      const p = profileByName(s.profile)!;
      expect(s.seconds).toBeGreaterThan(0);
      if (s.caught) {
        expect(p.caughtBy).toContain(s.rule);
        expect(s.afterRuns).toBeLessThanOrEqual(200);
      } else {
        expect([s.rule, s.afterRuns]).toEqual([null, 200]);
      }
    }
  });

  it('agrees with a plain campaign that stops at the first catch', async () => {
    const p = profileByName('aq-reorder')!;
    const r = await mutationScore(inProcessExecutor, { seed: 3, actions: 20, runs: 150 });
    const report = await driveCampaign(inProcessExecutor,
      { seed: 3, profile: p.name, actions: 20, runs: 150, stopWhen: catches(p) });
    expect(r.scores[0]).toEqual(scoreOf(p, report, null));
    expect(r.scores[0]!.caught).toBe(true);
    expect(report.runs).toBe(r.scores[0]!.afterRuns);
  });
});
