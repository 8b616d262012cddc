/**
 * One bug, one finding (README "Fuzz campaigns": root causes; src/fuzz/rootCause.ts): a run's
 * violations are grouped by root cause, the campaign lists one finding per root-cause rule, and
 * the progress line counts what the report will list.
 */
import { describe, expect, it } from 'vitest';
import { runIndex } from '../../../src/fuzz/campaign.js';
import { driveCampaign, inProcessExecutor } from '../../../src/fuzz/drive.js';
import { groupByRootCause, type CausalViolation } from '../../../src/fuzz/rootCause.js';

type Actor = CausalViolation['actor'];
type Kind = CausalViolation['kind'];
const v = (rule: string, seq: number, causes: string[], kind: Kind = 'safety', actor: Actor = 'device') =>
  ({ rule, seq, actor, message: rule, kind, command: 0, causes }) as CausalViolation;
const shape = (vs: CausalViolation[]) =>
  groupByRootCause(vs).map((g) => [g.root.rule, g.consequences.map((c) => c.rule)]);

describe('groupByRootCause', () => {
  it('joins safety violations whose cause chains meet (same command, or work of the same tag)', () => {
    const vs = [
      v('b', 12, ['#9', 'tag:f2']), // completion of f2, a later command
      v('a', 10, ['#7', 'tag:f2']), // start of f2
      v('c', 10, ['#7', 'tag:f2']), // same event as a: reported after it
      v('d', 11, ['#8', 'tag:f3']), // unrelated work
    ];
    expect(shape(vs)).toEqual([['a', ['c', 'b']], ['d', []]]);
  });

  it('makes a liveness violation at settle a consequence of the first safety root', () => {
    const vs = [v('late', 40, ['#20']), v('stall', 50, [], 'liveness'), v('first', 30, ['#15', 'tag:f1'])];
    expect(shape(vs)).toEqual([['first', ['stall']], ['late', []]]);
  });

  it('makes host liveness a consequence of a stalled device command, whatever order the rules reported in', () => {
    const vs = [v('host.waits', 50, [], 'liveness', 'host'), v('device.stall', 50, [], 'liveness', 'device')];
    expect(shape(vs)).toEqual([['device.stall', ['host.waits']]]);
    expect(shape([v('host.waits', 50, [], 'liveness', 'host')])).toEqual([['host.waits', []]]);
  });

  it('never roots a device or host violation in a driver or guest violation', () => {
    const vs = [v('driver.bad', 5, ['#3', 'tag:f1'], 'safety', 'pf-driver'), v('device.worse', 6, ['#4', 'tag:f1'])];
    expect(shape(vs)).toEqual([['driver.bad', []], ['device.worse', []]]);
  });
});

describe('fuzz findings by root cause', () => {
  const stall = { seed: 1, profile: 'stall-across-disable', actions: 50 };

  it('a stall is one finding: the command that never completed, the unanswered guest access its consequence', () => {
    const s = runIndex(stall, 291);
    expect(s.violated).toEqual(['device.aq.all-complete-at-settle', 'host.mapper.accesses-answered']);
    expect(s.findings.map((f) => [f.rule, f.consequences.map((c) => c.rule)])).toEqual([
      ['device.aq.all-complete-at-settle', ['host.mapper.accesses-answered']],
    ]);
  });

  it('a campaign lists one finding per root cause (300 runs: 11 stall, 3 leave accesses unanswered)', async () => {
    const report = await driveCampaign(inProcessExecutor, { ...stall, runs: 300 });
    expect(report.findings.map((f) => f.rule)).toEqual(['device.aq.all-complete-at-settle']);
    expect(report.findingsByRule['host.mapper.accesses-answered']).toBeUndefined();
    expect(report.consequencesByRule['host.mapper.accesses-answered']).toBeGreaterThanOrEqual(3);
    const mapper = 'host.mapper.accesses-answered';
    expect(report.violationsByRule[mapper]).toBe(report.consequencesByRule[mapper]);
  });

  it('the progress line counts the findings the report lists, not every violating run', async () => {
    const seen: [number, number][] = [];
    const onProgress = (n: number, f: number) => void seen.push([n, f]);
    const o = { seed: 1, profile: 'aq-reorder', actions: 20, runs: 1500, onProgress };
    const report = await driveCampaign(inProcessExecutor, o);
    expect(report.findingsByRule['device.aq.fifo-per-queue']).toBeGreaterThan(50);
    expect(report.findings).toHaveLength(1);
    expect(seen.at(-1)).toEqual([1500, 1]);
  });
});
