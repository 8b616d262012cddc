/**
 * CLI start-up: wall time of `vtwin --version` and of `vtwin state --at` on a small trace, each a
 * new process as a user runs it (median of several). A command's modules load only when it runs
 * (tools/register/), so both stay close to what Node itself takes to start, shown for reference.
 */
import * as path from 'node:path';
import type { BenchContext, BenchSection } from '../harness.js';
import { medianMs, nodeBaselineMs, vtwinOk } from '../cli.js';
import { recordWorkload } from './common.js';

export const cliStartup: BenchSection = {
  name: 'cli-startup',
  description: 'wall time of a new vtwin process: --version, and state --at on a small trace',
  run(ctx: BenchContext) {
    const n = ctx.quick ? 3 : 9;
    const small = path.join(ctx.tmp, 'small.vtrace');
    const events = recordWorkload(small, 8, 2000).summary.events;
    medianMs(['--version'], 2); // warm the file cache
    // What is timed is the bin as installed: the bundle with its code cache. A stale or missing
    // bundle (tsc ran after `npm run build`) would time the module fallback instead: refuse that.
    const cache = vtwinOk(['--version'], { env: { VTWIN_CODE_CACHE_REPORT: '1' } }).stderr.trim();
    if (cache !== 'vtwin code cache: accepted') {
      const why = cache || 'it ran dist/tools/vtwin.js: the bundle is missing or older';
      throw new Error(`the vtwin bin is not running its bundle with a code cache (${why}): run npm run build first`);
    }
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
