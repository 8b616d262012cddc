/**
 * The search (README "Systematic exploration"): the sleep-set reduction never hides a violation
 * that the naive enumeration of every order finds, on every deviation profile's scenarios;
 * exploration finds whatever `vtwin run` finds in the scenario's own order; bounds stop it and
 * say so.
 */
import { describe, expect, it } from 'vitest';
import { problemFromScenario } from '../../../src/explore/problem.js';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { DEVIATIONS, problem, rulesOf, scenario, search, smallScenarios } from './helpers.js';

describe('partial-order reduction', () => {
  it("never hides a violation the naive enumeration finds, on every deviation profile's scenarios", () => {
    const all = smallScenarios();
    let compared = 0;
    for (const p of DEVIATIONS) {
      // The profile's own scenarios, and the explore-ready races run under it.
      for (const sc of all.filter((x) => x.device.profile === p.name || x.name.startsWith('race-'))) {
        const prob = problemFromScenario(sc, p.name);
        const naive = search(prob, { reduction: false, dedup: false, bounds: {} });
        const reduced = search(prob);
        expect(rulesOf(reduced), `${sc.name} under ${p.name}`).toEqual(rulesOf(naive));
        expect(reduced.schedules).toBeLessThanOrEqual(naive.schedules);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(DEVIATIONS.length * 8);
  });

  it('with visited-node dedup too, finds the same violations as without either, and explores fewer schedules', () => {
    const prob = problem('race-disable-reenable-queued', 'aq-reorder');
    const naive = search(prob, { reduction: false, dedup: false });
    const full = search(prob);
    expect(rulesOf(full)).toEqual(rulesOf(naive));
    expect(rulesOf(full)).toContain('device.aq.fifo-per-queue');
    expect(full.schedules * 5).toBeLessThan(naive.schedules);
  });
});

describe('exploration covers the scenario as written', () => {
  it('every rule `vtwin run` sees fire, in the scenario\'s own order, explore sees too', () => {
    for (const sc of smallScenarios()) {
      const ran = new Set(runScenario(sc, { snapshots: false }).violations.map((v) => v.rule));
      const explored = rulesOf(search(problemFromScenario(sc)));
      for (const rule of ran) expect(explored, sc.name).toContain(rule);
    }
  });

  it('an expectation before any command is checked once, at the start', () => {
    const steps = [{ expect: 'state', path: 'sriov.numVFs', equals: 3 }, { op: 'sriov.enable', numVFs: 1 }];
    const doc = { name: 'x', steps };
    const t = search(problemFromScenario(validateScenario(doc, 'x.json')));
    expect(t.findings.map((f) => f.rule)).toEqual(['expect:steps[0]']);
    expect(t.violations['expect:steps[0]']).toBe(1);
  });

  it('a failed expectation is a finding named after its step; a documented violation is counted, not a finding', () => {
    const t = search(problem('vf-destroyed-mid-command-fail'));
    expect(t.violations['driver.aq.member-stable-while-outstanding']).toBeGreaterThan(0);
    expect(t.findings.map((f) => f.rule)).not.toContain('driver.aq.member-stable-while-outstanding');
    // Processed before the disable, w1 completes OK: the scenario's expectation of EINVAL fails there.
    expect(t.findings.map((f) => f.rule)).toContain('expect:steps[7]');
  });
});

describe('bounds', () => {
  const prob = () => problem('race-pf-reset-with-commands-in-flight', 'aq-reorder');

  it('preemptions=0 runs only the default order (commands as written, then device work) and says so', () => {
    const t = search(prob(), { bounds: { preemptions: 0 } });
    expect(t.schedules).toBe(1);
    expect(t.cut.preemptions).toBe(true);
    expect(rulesOf(t)).toEqual([]);
  });

  it('each preemption explores more; the reordered queue needs two (start the second, complete it first)', () => {
    const one = search(prob(), { bounds: { preemptions: 1 } });
    const two = search(prob(), { bounds: { preemptions: 2 } });
    expect(one.schedules).toBeGreaterThan(1);
    expect(two.schedules).toBeGreaterThan(one.schedules);
    expect(rulesOf(one)).not.toContain('device.aq.fifo-per-queue');
    expect(rulesOf(two)).toContain('device.aq.fifo-per-queue');
  });

  it('a depth bound cuts paths at that many choice points; unbounded, nothing is cut', () => {
    const cut = search(prob(), { bounds: { depth: 1 } });
    expect(cut.cut.depth).toBe(true);
    const whole = search(prob());
    expect(whole.cut).toEqual({ depth: false, preemptions: false, time: false });
    expect(cut.schedules).toBeLessThan(whole.schedules);
  });

  it('a time bound reads only the injected clock, and stops the search', () => {
    let t = 0;
    const now = () => (t += 10);
    const tally = search(problemFromScenario(scenario('validation-order')), { bounds: { timeMs: 15 }, now });
    expect(tally.cut.time).toBe(true);
    expect(tally.schedules).toBeLessThan(search(problemFromScenario(scenario('validation-order'))).schedules);
  });

  it('a time bound without a clock is refused', () => {
    expect(() => search(prob(), { bounds: { timeMs: 10 } })).toThrow(/clock/);
  });
});
