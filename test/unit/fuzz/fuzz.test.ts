import { describe, expect, it } from 'vitest';
import { runIndex, shrinkFinding } from '../../../src/fuzz/campaign.js';
import { addRuns, emptyReport, mergeReports } from '../../../src/fuzz/report.js';
import { fuzzRun } from '../../../src/fuzz/run.js';
import { violates } from '../../../src/fuzz/replay.js';

const opts = { seed: 9, profile: 'spec', actions: 40 };

describe('fuzz runs (README "Fuzz campaigns")', () => {
  it('a run is a pure function of its seed', () => {
    const a = fuzzRun({ seed: 123, profile: 'spec' });
    const b = fuzzRun({ seed: 123, profile: 'spec' });
    expect(JSON.stringify(a.commands)).toBe(JSON.stringify(b.commands));
    expect(a.events).toBe(b.events);
  });

  it('swarm runs differ in shape: device configs and misbehaviour vary with the seed', () => {
    const shapes = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = fuzzRun({ seed: i, profile: 'spec', actions: 5 });
      shapes.add(`${r.config.totalVFs}/${r.config.adminQueues}/${r.config.aqDepth}/${r.swarm.misbehave}`);
    }
    expect(shapes.size).toBeGreaterThan(8);
  });

  it('the spec device yields no findings over a few hundred runs (driver and guest misbehaviour is expected, not a ' +
      'finding)', () => {
    let report = emptyReport(opts.seed, opts.profile, opts.actions);
    const runs = [];
    for (let i = 0; i < 300; i++) runs.push(runIndex(opts, i));
    report = addRuns(report, runs);
    expect(report.findings).toEqual([]);
    expect(report.misbehavingRuns).toBeGreaterThan(50);
    expect(Object.keys(report.violationsByRule).length).toBeGreaterThan(0);
    expect(Object.keys(report.violationsByRule).every((r) => r.startsWith('driver.') || r.startsWith('guest.'))).toBe(
      true);
  });

  it('merging two halves equals one report over the whole range, in either order', () => {
    const runs = Array.from({ length: 60 }, (_, i) => runIndex({ ...opts, profile: 'aq-reorder' }, i));
    const whole = addRuns(emptyReport(9, 'aq-reorder', 40), runs);
    const a = addRuns(emptyReport(9, 'aq-reorder', 40), runs.slice(0, 25));
    const b = addRuns(emptyReport(9, 'aq-reorder', 40), runs.slice(25));
    expect(mergeReports(a, b)).toEqual(whole);
    expect(mergeReports(b, a)).toEqual(whole);
    expect(() => mergeReports(a, a)).toThrow(/overlap/);
  });

  it('shrinks a deviation to a short reproducer that still fails the same rule', () => {
    let found;
    for (let i = 0; !found && i < 50; i++) found =
      runIndex({ ...opts, profile: 'aq-reorder' }, i).findings.find((f) => f.rule === 'device.aq.fifo-per-queue');
    expect(found).toBeDefined();
    const s = shrinkFinding(found!);
    expect(s.inputs).toBeLessThanOrEqual(10);
    expect(s.inputs).toBeLessThanOrEqual(found!.inputs);
    expect(violates(s.config, s.seed, s.commands, s.rule)).toBe(true);
    expect(shrinkFinding(found!)).toEqual(s);
  });
});

import { mutatedRun, mutateInputs } from '../../../src/fuzz/mutate.js';
import { seededRng } from '../../../src/engine/prng.js';

describe('campaigns seeded by a captured run', () => {
  const base = fuzzRun({ seed: 77, profile: 'spec', actions: 30 });

  it('mutate inputs deterministically per seed and never replay captured device work', () => {
    const a = mutatedRun({ config: base.config, commands: base.commands }, 5);
    const b = mutatedRun({ config: base.config, commands: base.commands }, 5);
    expect(JSON.stringify(a.commands)).toBe(JSON.stringify(b.commands));
    const variants = new Set([1, 2, 3, 4, 5,
      6].map((s) => JSON.stringify(mutateInputs(base.commands.filter((c) => c.op !== 'device.run'), seededRng(s)))));
    expect(variants.size).toBeGreaterThan(3);
  });

  it('keeps cause before effect: every started command was submitted earlier in the mutated run', () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = mutatedRun({ config: base.config, commands: base.commands }, seed);
      const submitted = new Set<string>();
      let started = 0;
      for (const c of r.commands) {
        if (c.op === 'aq.submit') submitted.add(c.tag ?? '');
        if (c.op === 'device.run' && 'tag' in c.item) {
          started++;
          expect(submitted.has(c.item.tag ?? '(no tag)')).toBe(true);
        }
      }
      expect(started, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
