/**
 * Per-event replay cost at 4096 VFs against 8 VFs, on the same workload: per-VF state lives in
 * state.fns[i] and the state hash is incremental, so the cost must not grow with the VF count
 * (target <= 1.3). Also shows what snapshots cost in a big-state trace.
 */
import * as path from 'node:path';
import { foldReplay } from '../../../src/analysis/replay.js';
import { openTraceFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { timeBest } from '../harness.js';
import { recordWorkload } from './common.js';

function foldSeconds(file: string): number {
  return timeBest(3, () => {
    const reader = openTraceFile(file);
    const r = foldReplay(reader);
    reader.close();
    if (!r.ok) throw new Error(`bench trace did not replay: ${r.divergence?.reason}`);
  });
}

export const vfScaling: BenchSection = {
  name: 'vf-scaling',
  description: 'fold replay cost per event at 4096 VFs vs 8 VFs',
  run(ctx: BenchContext) {
    const events = ctx.quick ? 100_000 : 400_000;
    const small = path.join(ctx.tmp, 'vfs8.vtrace');
    const big = path.join(ctx.tmp, 'vfs4096.vtrace');
    const a = recordWorkload(small, 8, events).summary;
    const b = recordWorkload(big, 4096, events).summary;
    const ta = foldSeconds(small) / a.events;
    const tb = foldSeconds(big) / b.events;
    ctx.figure({ name: 'replay cost per event, 8 VFs', value: ta * 1e9, unit: 'ns' });
    ctx.figure({ name: 'replay cost per event, 4096 VFs', value: tb * 1e9, unit: 'ns' });
    ctx.figure({ name: 'cost 4096 VFs / 8 VFs', value: tb / ta, unit: 'ratio', target: { op: '<=', value: 1.3 } });
    ctx.figure({ name: 'file size per event, 4096 VFs', value: b.bytes / b.events, unit: 'bytes/event', note: `${b.snapshots} snapshots` });
  },
};
