/**
 * Driving a campaign (src/fuzz/drive.ts): the report is a function of the campaign, never of the
 * executor, the order chunks finish in, the shard split or the clock (README "Fuzz campaigns":
 * determinism).
 */
import { describe, expect, it } from 'vitest';
import { runRange, shrinkFinding, type Finding, type RunSummary } from '../../../src/fuzz/campaign.js';
import { assembleReport, chunkInShard, driveCampaign, inProcessExecutor,
  type FuzzExecutor } from '../../../src/fuzz/drive.js';
import { addRuns, emptyReport, mergeReports, withFindings } from '../../../src/fuzz/report.js';

const campaign = { seed: 4, profile: 'aq-reorder', actions: 12 };

/** Four chunks at once, each finishing after more ticks the earlier it started: reverse completion order. */
function reversing(): FuzzExecutor & { order: number[] } {
  const order: number[] = [];
  const later = async <T>(ticks: number, f: () => T): Promise<T> => {
    for (let i = 0; i < ticks; i++) await Promise.resolve();
    return f();
  };
  return {
    size: 4,
    order,
    runs: (opts, from, to) => later(1000 - from / 10, () => (order.push(from), runRange(opts, from, to))),
    shrink: (f) => later(1, () => shrinkFinding(f)),
  };
}

describe('driveCampaign', () => {
  it('reports exactly what merging the runs in index order and shrinking the kept findings gives', async () => {
    const report = await driveCampaign(inProcessExecutor, { ...campaign, runs: 250 });
    const merged = addRuns(emptyReport(4, 'aq-reorder', 12), runRange(campaign, 0, 250));
    expect(report).toEqual(withFindings(merged, merged.findings.map(shrinkFinding)));
    expect(report.ranges).toEqual([[0, 250]]);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.shrunk)).toBe(true);
  });

  it('gives the same report when chunks finish in reverse order on a wider executor', async () => {
    const ex = reversing();
    const report = await driveCampaign(ex, { ...campaign, runs: 400 });
    expect(ex.order.slice(0, 4)).toEqual([300, 200, 100, 0]);
    expect(report).toEqual(await driveCampaign(inProcessExecutor, { ...campaign, runs: 400 }));
  });

  it('splits into shards by blocks of 1000 run indices whose merge is the whole campaign', async () => {
    expect([0, 999, 1000, 1999, 2000].map((from) => chunkInShard(from, { index: 1, count: 2 }))).toEqual(
      [false, false, true, true, false]);
    const o = { ...campaign, actions: 3, runs: 2300 };
    const [a, b] = await Promise.all([0, 1].map(
      (index) => driveCampaign(inProcessExecutor, { ...o, shard: { index, count: 2 } })));
    expect([a!.ranges, b!.ranges]).toEqual([[[0, 1000], [2000, 2300]], [[1000, 2000]]]);
    const merged = mergeReports(a!, b!);
    const whole = await driveCampaign(inProcessExecutor, o);
    expect({ ...merged, findings: [] }).toEqual({ ...whole, findings: [] });
    // The earliest finding per rule agrees. The rest may not: a shard keeps its own first three
    // per rule before shrinking dedupes them, so a merge can hold a later one the whole campaign
    // dropped (known, left as is).
    const firstPerRule = (fs: Finding[]) => [
      ...new Map([...fs].reverse().map((f) => [f.rule, f.index])).entries()].sort();
    expect(firstPerRule(merged.findings)).toEqual(firstPerRule(whole.findings));
  });

  it('with a time budget stops dispatching at the deadline and covers a prefix of the runs', async () => {
    let t = 0;
    const now = () => (t += 10); // every look at the clock advances it 10 ms
    const report = await driveCampaign(inProcessExecutor, { ...campaign, timeMs: 45, now });
    expect(report.ranges).toHaveLength(1);
    expect(report.ranges[0]![0]).toBe(0);
    expect(report.runs).toBe(report.ranges[0]![1]);
    expect(report.runs % 100).toBe(0);
    expect(report.runs).toBeGreaterThan(0);
    expect(report.runs).toBeLessThan(1000);
  });

  it('refuses a campaign without an end, and a time budget without a clock', async () => {
    await expect(driveCampaign(inProcessExecutor, campaign)).rejects.toThrow(/run count or a time budget/);
    await expect(driveCampaign(inProcessExecutor, { ...campaign, timeMs: 10 })).rejects.toThrow(/needs a clock/);
  });
});

describe('assembleReport: mutation scoring counts only the runs up to the first catch', () => {
  const finding = (rule: string, index: number): Finding => ({
    rule, actor: 'device', message: 'm', index, seed: index, config: {} as Finding['config'], commands: [],
      shrunk: false, inputs: 0, signature: `${rule}|`,
  });
  const run = (index: number, rules: string[] = []): RunSummary => ({
    index, seed: index, events: 1, commands: 1, violated: rules, findings: rules.map((r) => finding(r, index)),
      exercised: {}, misbehave: false,
  });

  it('drops the runs after the first finding stopWhen accepts, in every chunk, whatever finished', () => {
    const chunks = new Map([
      [100, [run(100, ['caught']), run(101)]],
      [0, [run(0, ['other']), run(1), run(2, ['caught']), run(3, ['caught'])]],
    ]);
    const o = { seed: 1, profile: 'p', actions: 5, stopWhen: (f: Finding) => f.rule === 'caught' };
    const r = assembleReport(o, chunks);
    expect([r.runs, r.ranges, r.findings.map((f) => [f.rule, f.index])]).toEqual(
      [3, [[0, 3]], [['other', 0], ['caught', 2]]]);
    expect(assembleReport({ ...o, stopWhen: undefined }, chunks).runs).toBe(6);
    expect(assembleReport({ ...o, stopWhen: () => false }, chunks).runs).toBe(6);
  });
});
