/**
 * scenarios/needs-irq/: legacy scenarios that need the interrupts area's `msix.enable` step. Until
 * it is in the scenario vocabulary they run here, through a stand-in that sets the VF's MSI-X
 * Enable bit for that step (everything else: the same step kinds as the scenario runner). Every
 * other legacy/net scenario runs with the real runner in test/e2e/scenarios.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileByName } from '../../src/domain/profiles.js';
import { runScenarioFile } from './legacyScenarioShim.js';

const DIR = join(import.meta.dirname, '../../scenarios/needs-irq');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('legacy scenarios that need msix.enable (scenarios/needs-irq)', () => {
  it.each(files)('%s passes', (f) => {
    expect(runScenarioFile(join(DIR, f)).failures).toEqual([]);
  });

  it('include the MSI-X offset shift and a scenario catching legacy-msix-offset-ignored with every caughtBy rule', () => {
    expect(files).toContain('legacy-msix-offset-shift.json');
    const r = runScenarioFile(join(DIR, 'legacy-profile-msix-offset-ignored.json'));
    expect(r.engine.config.profile).toBe('legacy-msix-offset-ignored');
    for (const rule of profileByName('legacy-msix-offset-ignored')!.caughtBy) expect(r.violations).toContain(rule);
  });
});
