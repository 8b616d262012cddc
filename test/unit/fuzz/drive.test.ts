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
    // Findings included: each shard keeps the earliest finding per root-cause rule, a minimum the
    // merge takes again, so no shard can keep one the whole campaign dropped.
    expect(whole.findings.length).toBeGreaterThan(0);
    expect(b!.findings.length).toBeGreaterThan(0);
    expect(merged).toEqual(whole);
    expect(mergeReports(b!, a!)).toEqual(whole);
  });

  it('gives the same report, findings included, in 1 process, on 3 workers, and as 3 merged shards', async () => {
    const o = { seed: 11, profile: 'error-side-effects', actions: 8, runs: 3200 };
    const whole = await driveCampaign(inProcessExecutor, o);
    const wide = await driveCampaign({ ...reversing(), size: 3 }, o);
    const shard = (index: number) => driveCampaign(inProcessExecutor, { ...o, shard: { index, count: 3 } });
    const shards = await Promise.all([0, 1, 2].map(shard));
    expect(whole.findings.length).toBeGreaterThan(1);
    expect(wide).toEqual(whole);
    expect(mergeReports(mergeReports(shards[2]!, shards[0]!), shards[1]!)).toEqual(whole);
  });

  it('with a time budget covers exactly the runs that finished before the deadline: a prefix', async () => {
    let t = 0;
    const now = () => (t += 1); // every look at the clock advances it 1 ms (runs look between actions)
    const report = await driveCampaign(inProcessExecutor, { ...campaign, timeMs: 2000, now });
    expect(report.ranges).toHaveLength(1);
    expect(report.ranges[0]![0]).toBe(0);
    expect(report.runs).toBe(report.ranges[0]![1]);
    expect(report.runs).toBeGreaterThan(10);
    expect(report.runs).toBeLessThan(2000 / campaign.actions);
    // The runs it reports are whole runs: the same as without any budget.
    const same = await driveCampaign(inProcessExecutor, { ...campaign, runs: report.runs });
    expect({ ...report, findings: [] }).toEqual({ ...same, findings: [] });
  });

  it('with a time budget cuts a single long run between two actions (issue: --time 3s --actions 100000)', async () => {
    let t = 0;
    const now = () => (t += 1);
    const report = await driveCampaign(inProcessExecutor, { ...campaign, actions: 100_000, timeMs: 300, now });
    expect(report.runs).toBe(0);
    // The run looked at the clock between actions and stopped: far fewer looks than actions.
    expect(t).toBeLessThan(400);
  });

  it('refuses a campaign without an end, and a time budget without a clock', async () => {
    await expect(driveCampaign(inProcessExecutor, campaign)).rejects.toThrow(/run count or a time budget/);
    await expect(driveCampaign(inProcessExecutor, { ...campaign, timeMs: 10 })).rejects.toThrow(/needs a clock/);
  });
});

describe('assembleReport: mutation scoring counts only the runs up to the first catch', () => {
  const finding = (rule: string, index: number, consequences: string[] = []): Finding => ({
    rule, actor: 'device', message: 'm', index, seed: index, config: {} as Finding['config'], commands: [],
    shrunk: false, inputs: 0, signature: `${rule}|`,
    consequences: consequences.map((c) => ({ rule: c, actor: 'device', message: 'c' })),
  });
  const run = (index: number, findings: Finding[] = []): RunSummary => ({
    index, seed: index, events: 1, commands: 1, violated: findings.map((f) => f.rule), findings,
    exercised: {}, misbehave: false,
  });

  it('drops the runs after the first finding that shows a stopOn rule, in every chunk, whatever finished', () => {
    const chunks = new Map([
      [100, [run(100, [finding('caught', 100)]), run(101)]],
      [0, [run(0, [finding('other', 0)]), run(1), run(2, [finding('caught', 2)]), run(3, [finding('caught', 3)])]],
    ]);
    const o = { seed: 1, profile: 'p', actions: 5, stopOn: ['caught'] };
    const r = assembleReport(o, chunks);
    expect([r.runs, r.ranges, r.findings.map((f) => [f.rule, f.index])]).toEqual(
      [3, [[0, 3]], [['other', 0], ['caught', 2]]]);
    expect(assembleReport({ ...o, stopOn: undefined }, chunks).runs).toBe(6);
    expect(assembleReport({ ...o, stopOn: ['nothing'] }, chunks).runs).toBe(6);
  });

  it('counts a catch shown as a consequence, and reports that run\'s finding, told to keep the rule', () => {
    const runs = [run(0, [finding('root', 0)]), run(1), run(2, [finding('root', 2, ['caught'])]), run(3)];
    const chunks = new Map([[0, runs]]);
    const r = assembleReport({ seed: 1, profile: 'p', actions: 5, stopOn: ['caught'] }, chunks);
    expect(r.runs).toBe(3);
    expect(r.findings.map((f) => [f.rule, f.index, f.keep])).toEqual([['root', 2, ['caught']]]);
  });
});
