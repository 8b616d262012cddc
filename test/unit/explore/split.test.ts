/**
 * Work splits by choice-point prefix (README "Systematic exploration"): the plan's units explored
 * in any grouping (all here, shards merged) give the same totals as one process.
 */
import { describe, expect, it } from 'vitest';
import { explore, mergeExploreReports, parseExploreReport, planExploration } from '../../../src/explore/index.js';
import type { ExploreReport } from '../../../src/explore/index.js';
import { ScenarioError } from '../../../src/errors.js';
import { problem } from './helpers.js';
import { exploreWorkload } from '../../../tools/bench/sections/explore.js';

const TOTALS = (r: ExploreReport) => ({
  schedules: r.schedules,
  states: r.states,
  moves: r.moves,
  naive: r.naive,
  violations: r.violations,
  findings: r.findings.map((f) => f.rule).sort(),
  complete: r.complete,
});

describe('splitting the exploration', () => {
  const prob = exploreWorkload(2, 2, 2);

  it('the plan hands out units of work some choice points deep, and does not depend on who explores them', () => {
    const a = planExploration(prob, { bounds: {} });
    const b = planExploration(prob, { bounds: {} });
    expect(a.units.length).toBeGreaterThan(4);
    expect(a.split).toBeGreaterThan(0);
    expect(b.units).toEqual(a.units);
  });

  it('shards 0..n-1, merged in any order, give the totals of one process', () => {
    const whole = explore(prob, { bounds: {} }).report;
    for (const n of [2, 3]) {
      const shard = (i: number) => explore(prob, { bounds: {}, shard: { index: i, count: n } }).report;
      const shards = Array.from({ length: n }, (_, i) => shard(i));
      const forward = shards.reduce((x, y) => mergeExploreReports(x, y));
      const backward = [...shards].reverse().reduce((x, y) => mergeExploreReports(x, y));
      expect(TOTALS(forward)).toEqual(TOTALS(whole));
      expect(TOTALS(backward)).toEqual(TOTALS(whole));
      expect(forward.shard).toEqual({ count: n, indices: Array.from({ length: n }, (_, i) => i) });
    }
  });

  it('with a finding, merged shards report it as the whole exploration does', () => {
    const p = problem('race-disable-reenable-queued', 'aq-reorder');
    const whole = explore(p, { bounds: {} }).report;
    const shards = [0, 1].map((i) => explore(p, { bounds: {}, shard: { index: i, count: 2 } }).report);
    const merged = shards.reduce((x, y) => mergeExploreReports(x, y));
    expect(TOTALS(merged)).toEqual(TOTALS(whole));
    expect(whole.findings.map((f) => f.rule)).toContain('device.aq.fifo-per-queue');
  });

  it('refuses to merge the same shard twice, other explorations, or an incomplete set as complete', () => {
    const s0 = explore(prob, { bounds: {}, shard: { index: 0, count: 2 } }).report;
    expect(() => mergeExploreReports(s0, s0)).toThrow(/shard 0\/2 is in both/);
    const race = problem('race-pf-reset-with-commands-in-flight');
    const other = explore(race, { bounds: {}, shard: { index: 1, count: 2 } }).report;
    expect(() => mergeExploreReports(s0, other)).toThrow(/another exploration/);
    expect(s0.complete).toBe(true); // its own part
    const three = [0, 1].map((i) => explore(prob, { bounds: {}, shard: { index: i, count: 3 } }).report);
    expect(() => mergeExploreReports(s0, three[1]!)).toThrow(/a shard of 3/);
    const twoOfThree = mergeExploreReports(three[0]!, three[1]!);
    expect(twoOfThree.complete).toBe(false);
    expect(twoOfThree.shard).toEqual({ count: 3, indices: [0, 1] });
  });

  it('a report read back is checked: a wrong field is named with its JSON path', () => {
    const r = JSON.parse(JSON.stringify(explore(prob, { bounds: {}, shard: { index: 0, count: 2 } }).report));
    expect(parseExploreReport(r, 'r.json').schedules).toBe(r.schedules);
    r.states = -1;
    expect(() => parseExploreReport(r, 'r.json')).toThrow(ScenarioError);
    expect(() => parseExploreReport(r, 'r.json')).toThrow(/r\.json: states/);
    expect(() => parseExploreReport({ format: 'x' }, 'f.json')).toThrow(/vtwin explore report/);
  });
});
