import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/domain/profiles.js';
import { runScenarioFile, type ShimResult } from './legacyScenarioShim.js';

const DIR = join(import.meta.dirname, '../../scenarios');
const files = readdirSync(DIR).filter((f) => /^(legacy|net)-.*\.json$/.test(f)).sort();
const results = new Map<string, ShimResult>();
const result = (f: string) => results.get(f) ?? results.set(f, runScenarioFile(join(DIR, f))).get(f)!;

describe('legacy and net scenario files (DESIGN §5) pass', () => {
  it('exist for the behaviours the issue names', () => {
    expect(files).toEqual(expect.arrayContaining(['legacy-bringup-net.json', 'legacy-bringup-blk.json', 'legacy-msix-offset-shift.json', 'net-mac-set-racing-sriov-disable.json', 'net-trust-on-off.json', 'legacy-4096-vfs-touched-once.json']));
  });

  for (const f of files) {
    it(f, () => {
      expect(result(f).failures).toEqual([]);
    });
  }

  it('name, for each legacy/net profile, a scenario expecting every rule its caughtBy lists', () => {
    const mine = PROFILES.filter((p) => ['isr-survives-read', 'legacy-msix-offset-ignored', 'net-stale-apply', 'net-trust-ignored', 'notify-off-by-one'].includes(p.name));
    for (const p of mine) {
      const seen = new Set<string>();
      for (const f of files.filter((name) => name.includes('profile'))) {
        const r = result(f);
        if (r.engine.config.profile === p.name) r.violations.forEach((v) => seen.add(v));
      }
      for (const rule of p.caughtBy) expect(seen, `${p.name} -> ${rule}`).toContain(rule);
    }
  });
});
