/**
 * Systematic exploration (README "Systematic exploration"): distinct states per second on one
 * core, and the reduction factor (naive schedules ÷ schedules explored) on a workload of
 * 4 VFs × 2 admin queues × 3 outstanding commands each (24 legacy reads, all submitted by the PF
 * driver while the device works, then settled).
 */
import { explore, problemFromScenario, type Problem } from '../../../src/explore/index.js';
import { validateScenario } from '../../../src/scenario/loader.js';
import { gc, type BenchContext, type BenchSection } from '../harness.js';

export function exploreWorkload(vfs: number, queues: number, perPair: number): Problem {
  const steps: unknown[] = [];
  for (let k = 0; k < perPair; k++) {
    for (let vf = 1; vf <= vfs; vf++) {
      for (let q = 0; q < queues; q++) {
        const cmd = { opcode: 'LEGACY_COMMON_CFG_READ', member: vf, offset: 18, size: 1 };
        steps.push({ op: 'aq.submit', tag: `v${vf}q${q}c${k}`, queue: q, cmd });
      }
    }
  }
  steps.push({ op: 'settle' });
  const name = `explore-bench-${vfs}x${queues}x${perPair}`;
  const device = { totalVFs: vfs, adminQueues: queues, numVFs: vfs };
  return problemFromScenario(validateScenario({ name, device, steps }, `${name}.json`));
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export const exploreSection: BenchSection = {
  name: 'explore',
  description: 'vtwin explore, 4 VFs x 2 admin queues x 3 outstanding commands: states/s on one core, reduction factor',
  run(ctx: BenchContext) {
    const [vfs, queues, per] = ctx.quick ? [4, 2, 1] : [4, 2, 3];
    explore(exploreWorkload(2, 2, 2), { bounds: {}, naive: false }); // warm-up (JIT)
    gc();
    const { report } = explore(exploreWorkload(vfs, queues, per), { bounds: { timeMs: 600_000 }, now });
    const what = `${vfs} VFs x ${queues} queues x ${per} commands`;
    const complete = report.complete ? 'yes' : `no (${report.stoppedBy})`;
    ctx.log(`${what}: ${report.schedules} schedules, ${report.states} states, ${report.moves} moves`);
    ctx.log(`complete: ${complete}`);
    const secs = ((report.elapsedMs ?? 0) / 1000).toFixed(1);
    ctx.figure({
      name: 'explore states/s, 1 core',
      value: report.statesPerSecond ?? 0,
      unit: 'states/s',
      target: { op: '>=', value: 20_000 },
      note: `${report.states} states in ${secs} s`,
    });
    ctx.figure({
      name: 'explore reduction (naive/explored)',
      value: report.reduction ?? 0,
      unit: 'x',
      target: { op: '>=', value: 10 },
      note: `naive ${report.naive?.toExponential(3) ?? 'n/a'} / ${report.schedules} schedules`,
    });
  },
};
