/**
 * The short fuzz campaign `npm start` ends with: the conforming device must yield no findings,
 * and every deviation profile must be caught (the mutation score), each within MUTATION_RUNS runs.
 * Each profile is scored under swarm (the verdict) and PCT, side by side: runs to catch each.
 * Progress goes to stderr on a TTY only (README "Fuzz campaigns").
 */
import { driveCampaign, mutationScore, type MutationScore } from '../../src/fuzz/index.js';
import { FuzzPool } from '../fuzz/pool.js';
import { progressBar } from '../fuzz/progress.js';
import type { MainContext, Phase } from './main.js';

export const FUZZ_RUNS = 3000;
/**
 * Runs each deviation profile gets to be caught. A run count, not a wall-clock budget, so whether
 * a profile counts as caught depends only on the seed, never on how loaded the machine is. The
 * slowest profile at seed 1 is caught after 899 runs by swarm (net-stale-apply; PCT: 666).
 */
export const MUTATION_RUNS = 10_000;

const runsTo = (s: MutationScore | undefined) => (s ? (s.caught ? String(s.afterRuns) : `not in ${s.afterRuns}`) : '-');

/** One line per profile: runs to catch it under swarm and under PCT. */
function comparison(ctx: MainContext, swarm: readonly MutationScore[], pct: readonly MutationScore[]): void {
  const width = Math.max(...swarm.map((s) => s.profile.length));
  ctx.io.out(ctx.paint.dim(`${'runs to catch'.padEnd(width)}  ${'swarm'.padStart(12)}  ${'pct'.padStart(12)}`) + '\n');
  swarm.forEach((s, i) => {
    const line = `${s.profile.padEnd(width)}  ${runsTo(s).padStart(12)}  ${runsTo(pct[i]).padStart(12)}`;
    ctx.io.out((s.caught ? line : ctx.paint.bad(line)) + '\n');
  });
}

/** The phase, with its run counts (tests pass small ones). */
export function fuzzPhaseWith(specRuns: number, mutationRuns: number): Phase {
  return {
    name: 'fuzz',
    async run(ctx) {
      const seed = ctx.seed ?? 1;
      const t0 = Date.now();
      const pool = new FuzzPool(2);
      const bar = progressBar(ctx.io);
      try {
        const spec = await driveCampaign(pool, {
          seed, profile: 'spec', actions: 50, runs: specRuns,
          onProgress: (n, f) => bar.update(`fuzz: spec ${n}/${specRuns} runs, ${f} findings`),
        });
        const { scores, compared } = await mutationScore(pool, {
          seed, actions: 50, runs: mutationRuns, compare: 'pct',
          onProgress: (p, strategy, n) => bar.update(`fuzz: mutation score, ${p} (${strategy}): ${n} runs`),
        });
        bar.done();
        const pct = compared ?? [];
        const caught = scores.filter((s) => s.caught).map((s) => s.profile);
        const escaped = scores.filter((s) => !s.caught).map((s) => s.profile);
        const secs = ((Date.now() - t0) / 1000).toFixed(1);
        if (!ctx.json) {
          for (const f of spec.findings) {
            ctx.io.out(ctx.paint.bad(`FINDING  ${f.rule} seed=${f.seed}: ${f.message}`) + '\n');
          }
          comparison(ctx, scores, pct);
          if (escaped.length) ctx.io.out(ctx.paint.bad(`NOT CAUGHT  ${escaped.join(', ')}`) + '\n');
        }
        const pctCaught = pct.filter((s) => s.caught).length;
        const total = caught.length + escaped.length;
        const score = `mutation score ${caught.length}/${total} profiles caught (pct: ${pctCaught})`;
        const findings = spec.findings.map((f) => ({ rule: f.rule, seed: f.seed, message: f.message }));
        const after = (s: MutationScore | undefined) => (s?.caught ? s.afterRuns : null);
        const byProfile = scores.map((s, i) => ({ profile: s.profile, swarm: after(s), pct: after(pct[i]) }));
        return {
          ok: spec.findings.length === 0 && escaped.length === 0,
          summary: `${spec.runs} spec runs (seed ${seed}): ${spec.findings.length} findings; ${score}; ${secs}s`,
          detail: { fuzz: { runs: spec.runs, events: spec.events, findings, caught, escaped, runsToCatch: byProfile } },
        };
      } finally {
        bar.done();
        await pool.close();
      }
    },
  };
}

export const fuzzPhase: Phase = fuzzPhaseWith(FUZZ_RUNS, MUTATION_RUNS);
