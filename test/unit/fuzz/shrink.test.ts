/**
 * Shrinking to a fixpoint (README "Fuzz campaigns": shrinking; src/fuzz/shrink.ts): the result
 * cannot be shrunk further, and device options the failure does not need go back to defaults.
 */
import { describe, expect, it } from 'vitest';
import { runIndex, shrinkFinding, type Finding } from '../../../src/fuzz/campaign.js';
import { configDelta } from '../../../src/fuzz/configDelta.js';
import { replayCommands } from '../../../src/fuzz/replay.js';
import { groupByRootCause } from '../../../src/fuzz/rootCause.js';
import { fuzzRun } from '../../../src/fuzz/run.js';
import { inputCount, shrink } from '../../../src/fuzz/shrink.js';

function firstFinding(profile: string, rule: string): Finding {
  for (let i = 0; i < 400; i++) {
    const f = runIndex({ seed: 1, profile, actions: 50 }, i).findings.find((x) => x.rule === rule);
    if (f) return f;
  }
  throw new Error(`no ${rule} finding in 400 runs of ${profile}`);
}

const rootsIn = (f: Pick<Finding, 'config' | 'seed' | 'commands'>) =>
  groupByRootCause(replayCommands(f.config, f.seed, f.commands).violations).map((g) => g.root.rule);

describe('shrink', () => {
  const cases: [string, string][] = [
    ['aq-reorder', 'device.aq.fifo-per-queue'],
    ['stall-across-disable', 'device.aq.all-complete-at-settle'],
    ['error-side-effects', 'device.aq.error-no-side-effects'],
    ['notify-off-by-one', 'device.legacy.notify-address-equivalent'],
  ];

  it.each(cases)('%s: shrinking the shrunk reproducer of %s changes nothing (a fixpoint)', (profile, rule) => {
    const s = shrinkFinding(firstFinding(profile, rule));
    expect(rootsIn(s)).toContain(rule);
    const again = shrink(s.config, s.seed, s.commands, rule);
    expect(again.config).toEqual(s.config);
    expect(again.commands).toEqual(s.commands);
  });

  it('drops device options the failure does not need (mmio, hostIrqBudget, vfMsixPool, hostIms)', () => {
    const device = {
      mmio: { queues: 2, sharing: true, msiVectors: 2 }, hostIrqBudget: 2, vfMsixPool: 16, hostIms: true,
    };
    let run;
    for (let seed = 0; seed < 300 && !run; seed++) {
      const r = fuzzRun({ seed, profile: 'aq-reorder', actions: 40, device });
      if (r.findings.some((v) => v.rule === 'device.aq.fifo-per-queue')) run = r;
    }
    expect(run).toBeDefined();
    const irrelevant = ['mmio', 'hostIrqBudget', 'vfMsixPool', 'hostIms'];
    expect(Object.keys(configDelta(run!.config))).toEqual(expect.arrayContaining(irrelevant));
    const s = shrink(run!.config, run!.seed, run!.commands, 'device.aq.fifo-per-queue');
    const left = Object.keys(configDelta(s.config));
    for (const k of ['mmio', 'hostIrqBudget', 'vfMsixPool', 'hostIms']) expect(left).not.toContain(k);
    expect(left).toContain('profile');
    expect(rootsIn({ ...s, seed: run!.seed })).toContain('device.aq.fifo-per-queue');
    expect(inputCount(s.commands)).toBeLessThanOrEqual(3);
  });

  it('keeps the rule a root cause: a shrunk stall never turns into another rule\'s consequence', () => {
    const f = firstFinding('stall-across-disable', 'device.aq.all-complete-at-settle');
    const s = shrinkFinding(f);
    // The first stall comes from a misbehaving run: the driver's own violation (an SR-IOV disable
    // under a VF's command) is a root of its own, never the stall's (the device must cope).
    const groups = groupByRootCause(replayCommands(s.config, s.seed, s.commands).violations);
    expect(groups.map((g) => g.root.rule)).toContain('device.aq.all-complete-at-settle');
    expect(groups.flatMap((g) => g.consequences.map((c) => c.rule))).not.toContain('device.aq.all-complete-at-settle');
    expect(s.inputs).toBeLessThan(f.inputs);
  });
});
