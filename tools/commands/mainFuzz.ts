/**
 * The short fuzz campaign `npm start` ends with: the conforming device must yield no findings,
 * and every deviation profile must be caught (the mutation score), each within MUTATION_RUNS runs.
 */
import { driveCampaign, mutationScore } from '../../src/fuzz/index.js';
import { FuzzPool } from '../fuzz/pool.js';
import type { Phase } from './main.js';

export const FUZZ_RUNS = 3000;
/**
 * Runs each deviation profile gets to be caught. A run count, not a wall-clock budget, so whether
 * a profile counts as caught depends only on the seed, never on how loaded the machine is. The
 * slowest profile at seed 1 is caught after ~1000 runs (net-stale-apply); 10000 runs take ~4 s.
 */
export const MUTATION_RUNS = 10_000;

export const fuzzPhase: Phase = {
  name: 'fuzz',
  async run(ctx) {
    const seed = ctx.seed ?? 1;
    const t0 = Date.now();
    const pool = new FuzzPool(2);
    try {
      const spec = await driveCampaign(pool, { seed, profile: 'spec', actions: 50, runs: FUZZ_RUNS });
      const { scores } = await mutationScore(pool, { seed, actions: 50, runs: MUTATION_RUNS });
      const caught = scores.filter((s) => s.caught).map((s) => s.profile);
      const escaped = scores.filter((s) => !s.caught).map((s) => s.profile);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (!ctx.json) {
        for (const f of spec.findings) ctx.io.out(`FINDING  ${f.rule} seed=${f.seed}: ${f.message}\n`);
        if (escaped.length) ctx.io.out(`NOT CAUGHT  ${escaped.join(', ')}\n`);
      }
      return {
        ok: spec.findings.length === 0 && escaped.length === 0,
        summary: `${spec.runs} spec runs (seed ${seed}): ${spec.findings.length} findings; mutation score ` +
          `${caught.length}/${caught.length + escaped.length} profiles caught; ${secs}s`,
        detail: { fuzz: { runs: spec.runs, events: spec.events,
          findings: spec.findings.map((f) => ({ rule: f.rule, seed: f.seed, message: f.message })), caught, escaped } },
      };
    } finally {
      await pool.close();
    }
  },
};
