/**
 * CLI start-up: wall time of `vtwin --version` and of `vtwin state --at` on a small trace, each a
 * new process as a user runs it (median of several). A command's modules load only when it runs
 * (tools/register/), so both stay close to what Node itself takes to start, shown for reference.
 */
import * as path from 'node:path';
import type { BenchContext, BenchSection } from '../harness.js';
import { medianMs, nodeBaselineMs } from '../cli.js';
import { recordWorkload } from './common.js';

export const cliStartup: BenchSection = {
  name: 'cli-startup',
  description: 'wall time of a new vtwin process: --version, and state --at on a small trace',
  run(ctx: BenchContext) {
    const n = ctx.quick ? 3 : 9;
    const small = path.join(ctx.tmp, 'small.vtrace');
    const events = recordWorkload(small, 8, 2000).summary.events;
    medianMs(['--version'], 2); // warm the file cache
    const node = nodeBaselineMs(n);
    const version = medianMs(['--version'], n);
    const state = medianMs(['state', small, '--at', String(events >> 1)], n);
    ctx.figure({ name: 'node -e 0 (reference)', value: node, unit: 'ms', note: `median of ${n}; Node's own start-up` });
    ctx.figure({ name: 'vtwin --version', value: version, unit: 'ms', target: { op: '<=', value: 100 },
      note: `median of ${n}` });
    ctx.figure({ name: 'vtwin state --at, small trace', value: state, unit: 'ms', target: { op: '<=', value: 100 },
      note: `median of ${n}; ${events} events` });
  },
};
