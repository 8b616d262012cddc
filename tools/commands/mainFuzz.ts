/**
 * The short fuzz campaign `npm start` ends with: the conforming device must yield no findings,
 * and every deviation profile must be caught (the mutation score), each within a small budget.
 */
import { PROFILES } from '../../src/domain/profiles.js';
import { FuzzPool } from '../fuzz/pool.js';
import { driveCampaign } from '../fuzz/drive.js';
import type { Phase } from './main.js';

export const FUZZ_RUNS = 3000;
const MUTATION_BUDGET_MS = 20_000;

export const fuzzPhase: Phase = {
  name: 'fuzz',
  async run(ctx) {
    const seed = ctx.seed ?? 1;
    const t0 = Date.now();
    const pool = new FuzzPool(2);
    try {
      const spec = await driveCampaign(pool, { seed, profile: 'spec', actions: 50, runs: FUZZ_RUNS, now: Date.now });
      const caught: string[] = [];
      const escaped: string[] = [];
      for (const p of PROFILES.filter((x) => x.name !== 'spec')) {
        const r = await driveCampaign(pool, { seed, profile: p.name, actions: 50, timeMs: MUTATION_BUDGET_MS, now: Date.now, stopWhen: (f) => p.caughtBy.includes(f.rule) });
        (r.findings.some((f) => p.caughtBy.includes(f.rule)) ? caught : escaped).push(p.name);
      }
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (!ctx.json) {
        for (const f of spec.findings) ctx.io.out(`FINDING  ${f.rule} seed=${f.seed}: ${f.message}\n`);
        if (escaped.length) ctx.io.out(`NOT CAUGHT  ${escaped.join(', ')}\n`);
      }
      return {
        ok: spec.findings.length === 0 && escaped.length === 0,
        summary: `${spec.runs} spec runs (seed ${seed}): ${spec.findings.length} findings; mutation score ${caught.length}/${caught.length + escaped.length} profiles caught; ${secs}s`,
        detail: { fuzz: { runs: spec.runs, events: spec.events, findings: spec.findings.map((f) => ({ rule: f.rule, seed: f.seed, message: f.message })), caught, escaped } },
      };
    } finally {
      await pool.close();
    }
  },
};
