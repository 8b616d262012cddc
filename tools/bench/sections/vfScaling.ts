/**
 * Per-event replay cost at 4096 VFs against 8 VFs, on the same workload: per-VF state lives in
 * state.fns[i] and the state hash is incremental, so the cost of an event must not grow with the
 * VF count (target <= 1.3).
 *
 * A fold also has a start-up cost that does grow with the VF count, once: building the initial
 * state and hashing every function for the first checkpoint (a 4096-VF state is ~4000 objects).
 * That is reported on its own; the per-event figure is the marginal cost, measured as the
 * difference between folding a long trace and a short prefix of the same run.
 */
import * as path from 'node:path';
import { foldReplay } from '../../../src/analysis/replay.js';
import { openTraceFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { timeBest } from '../harness.js';
import { bytesByPart, recordWorkload } from './common.js';

function foldSeconds(file: string): number {
  return timeBest(3, () => {
    const reader = openTraceFile(file);
    const r = foldReplay(reader);
    reader.close();
    if (!r.ok) throw new Error(`bench trace did not replay: ${r.divergence?.reason}`);
  });
}

/** Marginal seconds per event and start-up seconds of folding the workload at `vfs` VFs. */
function measure(ctx: BenchContext, vfs: number, short: number, long: number) {
  const a = path.join(ctx.tmp, `vfs${vfs}-short.vtrace`);
  const b = path.join(ctx.tmp, `vfs${vfs}-long.vtrace`);
  const sa = recordWorkload(a, vfs, short).summary;
  const sb = recordWorkload(b, vfs, long).summary;
  const ta = foldSeconds(a);
  const tb = foldSeconds(b);
  const perEvent = (tb - ta) / (sb.events - sa.events);
  return { perEvent, startup: Math.max(0, ta - perEvent * sa.events), long: sb, inclusive: tb / sb.events,
    snapshots: bytesByPart(b).snapshots };
}

export const vfScaling: BenchSection = {
  name: 'vf-scaling',
  description: 'fold replay cost per event at 4096 VFs vs 8 VFs',
  run(ctx: BenchContext) {
    const [short, long] = ctx.quick ? [20_000, 100_000] : [100_000, 600_000];
    const small = measure(ctx, 8, short, long);
    const big = measure(ctx, 4096, short, long);
    ctx.figure({ name: 'replay cost per event, 8 VFs', value: small.perEvent * 1e9, unit: 'ns', note: 'marginal' });
    ctx.figure({ name: 'replay cost per event, 4096 VFs', value: big.perEvent * 1e9, unit: 'ns', note: 'marginal' });
    ctx.figure({ name: 'cost 4096 VFs / 8 VFs', value: big.perEvent / small.perEvent, unit: 'ratio',
      target: { op: '<=', value: 1.3 } });
    ctx.figure({ name: 'fold start-up, 4096 VFs', value: big.startup * 1e3, unit: 'ms',
      note: `initial state + first full hash; ${(small.startup * 1e3).toFixed(1)} ms at 8 VFs` });
    ctx.figure({ name: 'cost incl. start-up, 4096 / 8', value: big.inclusive / small.inclusive, unit: 'ratio',
      note: `over ${big.long.events} events` });
    ctx.figure({ name: 'file size per event, 4096 VFs', value: big.long.bytes / big.long.events, unit: 'bytes/event',
      note: `${big.long.snapshots} snapshots, ${((100 * big.snapshots) / big.long.bytes).toFixed(1)}% of the file` });
  },
};
