/**
 * Every file in scenarios/ is a test: it must load, pass, and be deterministic. Files in
 * scenarios/pending/ describe behaviour the device cannot show yet; they must still fail, and
 * the day one passes this suite says to move it up.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import { PROFILES } from '../../src/domain/profiles.js';
import { loadScenario, scenarioFilesIn } from '../../src/scenario/file.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/loader.js';
import { runIndex, shrinkFinding } from '../../src/fuzz/campaign.js';
import { findingScenario } from '../../src/fuzz/export.js';
import type { ExpectStep, Scenario } from '../../src/scenario/types.js';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');
const bundled = scenarioFilesIn(dir);
const pending = scenarioFilesIn(join(dir, 'pending'));

describe('bundled scenarios (scenarios/)', () => {
  it('exist', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(15);
  });

  it.each(bundled.map((f) => [basename(f), f]))('%s passes', (_name, file) => {
    const r = runScenario(loadScenario(file));
    expect(r.failures, r.failures.map((f) => f.message).join('\n')).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it.each(bundled.map((f) => [basename(f), f]))('%s is named after its file, described, and deterministic',
      (_name, file) => {
    const sc = loadScenario(file);
    expect(sc.name).toBe(basename(file).replace(/\.(json|ya?ml)$/, ''));
    expect(sc.description?.length ?? 0).toBeGreaterThan(40);
    expect(runScenario(sc).stateHash).toBe(runScenario(sc, { snapshots: false }).stateHash);
  });

  it('cover every non-spec profile with a scenario that expects the violations its caughtBy names', () => {
    const all: Scenario[] = [...bundled, ...pending].map((f) => loadScenario(f));
    for (const p of PROFILES.filter((x) => x.name !== 'spec')) {
      const named = all
        .filter((sc) => sc.device.profile === p.name)
        .map((sc) => sc.steps.filter((s) => 'expect' in s
          && s.expect === 'violation').map((s) => String((s as ExpectStep).rule)));
      expect(named.some((rules) => p.caughtBy.every((r) => rules.includes(r))), `profile ${p.name}`).toBe(true);
    }
  });
});

describe('scenarios written by vtwin fuzz', () => {
  it('reproduce the finding and document it: the scenario loads, passes, and the rule fires', () => {
    let finding;
    for (let i = 0; !finding && i < 60; i++) finding =
      runIndex({ seed: 9, profile: 'aq-reorder', actions: 40 }, i).findings[0];
    expect(finding).toBeDefined();
    for (const f of [finding!, shrinkFinding(finding!)]) {
      const doc = JSON.parse(JSON.stringify(findingScenario(f, { seed: 9, profile: 'aq-reorder' })));
      const r = runScenario(validateScenario(doc, 'repro.json'));
      expect(r.failures).toEqual([]);
      expect(r.violations.map((v) => v.rule)).toContain(f.rule);
    }
  });
});

describe('scenarios written by vtwin fuzz, with refused commands among the generated ones', () => {
  it('expect each refusal right after its command, so the reproducer still passes', () => {
    let finding;
    for (let i = 0; !finding && i < 60; i++) finding =
      runIndex({ seed: 9, profile: 'aq-reorder', actions: 40 }, i).findings[0];
    expect(finding).toBeDefined();
    // A refusal changes nothing, so the finding still reproduces with it in front.
    const refused: Command = { op: 'sriov.enable', numVFs: 65535 };
    const f = { ...finding!, commands: [refused, ...finding!.commands] };
    const doc = JSON.parse(JSON.stringify(findingScenario(f, { seed: 9, profile: 'aq-reorder' }))) as {
      steps: unknown[] };
    expect(doc.steps.slice(0, 2)).toEqual([refused, { expect: 'refused', errno: 'ERANGE' }]);
    const r = runScenario(validateScenario(doc, 'repro.json'));
    expect(r.failures).toEqual([]);
    expect(r.refusals.map((x) => [x.step, x.errno, x.expected])).toEqual([[0, 'ERANGE', true]]);
  });
});

// Usually empty: a scenario waits here only while the device cannot show its behaviour yet.
describe('pending scenarios (scenarios/pending/)', () => {
  it('each still fails; once one passes, move it to scenarios/', () => {
    const passing = pending.filter((f) => runScenario(loadScenario(f)).passed).map((f) => basename(f));
    expect(passing).toEqual([]);
  });
});
