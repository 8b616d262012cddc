/**
 * The interrupt-heavy run: the tools/bench/irq.ts workload at 4096 VFs x 64 vectors,
 * recorded to a trace; fold replay rate against raw msgpackr decode of the same file, the ratio,
 * bytes per event, and the heap of the 4096 x 64 state.
 */
import * as path from 'node:path';
import { defaultConfig } from '../../../src/domain/device.js';
import { Engine } from '../../../src/engine/engine.js';
import { recordToFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { gc } from '../harness.js';
import { irqScaleState, irqWorkloadConfig, runIrqWorkload } from '../irq.js';
import { foldFigures, replayVsDecode } from './common.js';

export const interrupts: BenchSection = {
  name: 'interrupts',
  description: 'interrupt-heavy trace (4096 VFs x 64 vectors): fold replay vs raw msgpackr decode; state heap',
  run(ctx: BenchContext) {
    const shape = { vfs: 4096, vectors: 64, queues: Number(process.env.VTWIN_BENCH_IRQ_QUEUES ?? 2) };
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const state = irqScaleState(shape);
    gc();
    const heap = process.memoryUsage().heapUsed - h0;
    void state.fns.length;
    const events = ctx.quick ? 200_000 : 1_000_000;
    const file = path.join(ctx.tmp, 'irq.vtrace');
    const config = defaultConfig(irqWorkloadConfig(shape));
    const t0 = process.hrtime.bigint();
    const rec = recordToFile(file, { config, seed: 1,
      producer: `bench interrupt workload ${shape.vfs}x${shape.vectors}` });
    const engine = new Engine({ config, seed: 1, rules: [], observers: [rec] });
    runIrqWorkload(engine, { events, seed: 1 });
    const summary = rec.finish();
    const recSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    ctx.log(`recorded ${summary.events} events in ${recSecs.toFixed(2)} s`);
    const times = replayVsDecode(file);
    const ev = summary.events;
    ctx.figure({ name: 'state heap, 4096 VFs x 64 vectors', value: heap / 2 ** 20, unit: 'MiB' });
    ctx.figure({ name: 'interrupt events in trace', value: ev, unit: 'events' });
    foldFigures(ctx, ev, times, 0.6, '', 'every event touches a VF of 4096');
    ctx.figure({ name: 'file size per event', value: summary.bytes / ev, unit: 'bytes/event' });
  },
};
