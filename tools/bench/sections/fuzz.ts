/**
 * Fuzz throughput: runs/s on one core for 50-action runs, then the same campaign on 2
 * worker threads and the efficiency 2-worker rate / (2 x 1-core rate).
 */
import { driveCampaign, runIndex } from '../../../src/fuzz/index.js';
import { FuzzPool } from '../../fuzz/pool.js';
import type { BenchContext, BenchSection } from '../harness.js';

export const fuzz: BenchSection = {
  name: 'fuzz',
  description: 'fuzz runs/s (50-action runs, spec profile) on one core and on 2 worker threads',
  async run(ctx: BenchContext) {
    const runs = ctx.quick ? 2000 : 10_000;
    const opts = { seed: 1, profile: 'spec', actions: 50 };
    for (let i = 0; i < 500; i++) runIndex(opts, 1_000_000 + i); // warm-up (JIT), different indices
    let t0 = process.hrtime.bigint();
    let events = 0;
    for (let i = 0; i < runs; i++) events += runIndex(opts, i).events;
    const one = runs / (Number(process.hrtime.bigint() - t0) / 1e9);
    const pool = new FuzzPool(2);
    try {
      await driveCampaign(pool, { ...opts, runs: 1000 }); // warm the workers
      t0 = process.hrtime.bigint();
      await driveCampaign(pool, { ...opts, runs: 2 * runs });
      const two = (2 * runs) / (Number(process.hrtime.bigint() - t0) / 1e9);
      ctx.figure({ name: 'fuzz runs/s, 1 core', value: one, unit: 'runs/s', target: { op: '>=', value: 2000 },
        note: `${runs} runs, ${Math.round(events / runs)} events/run` });
      ctx.figure({ name: 'fuzz runs/s, 2 workers', value: two, unit: 'runs/s' });
      ctx.figure({ name: '2-worker efficiency', value: two / (2 * one), unit: 'ratio',
        target: { op: '>=', value: 0.8 } });
    } finally {
      await pool.close();
    }
  },
};
