/**
 * The legacy-heavy run: guests on 4096 transitional VFs driving their I/O BAR0 through
 * the host mapper. Engine rate with every rule on at 8 vs 4096 VFs (per-event cost must stay
 * flat), and the recorded trace's fold replay against raw decode of the same file.
 */
import * as path from 'node:path';
import { Engine } from '../../../src/engine/engine.js';
import { recordToFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { eventsPerSecond, legacyBenchDevice, runLegacyWorkload } from '../legacy.js';
import { foldFigures, replayVsDecode } from './common.js';

export const legacy: BenchSection = {
  name: 'legacy',
  description: 'legacy-heavy run over 4096 VFs (mapper + legacy admin commands + net control): engine rate, fold ' +
    'replay vs raw decode',
  run(ctx: BenchContext) {
    const steady = ctx.quick ? 50_000 : 200_000;
    eventsPerSecond(64, 50_000, 1); // warm-up: JIT the whole path before timing either size
    const small = eventsPerSecond(8, steady);
    const big = eventsPerSecond(4096, steady);
    ctx.figure({ name: 'engine, rules on, 8 VFs', value: small.rate, unit: 'events/s' });
    ctx.figure({ name: 'engine, rules on, 4096 VFs', value: big.rate, unit: 'events/s',
      note: `${big.violations} violations` });
    ctx.figure({ name: 'per-event cost 4096 / 8 VFs', value: small.rate / big.rate, unit: 'ratio',
      target: { op: '<=', value: 1.3 } });
    const events = ctx.quick ? 200_000 : 1_000_000;
    const file = path.join(ctx.tmp, 'legacy.vtrace');
    const config = legacyBenchDevice(4096);
    const rec = recordToFile(file, { config, seed: 1, producer: 'bench legacy workload 4096 VFs' });
    runLegacyWorkload(new Engine({ config, seed: 1, rules: [], observers: [rec] }), { events, seed: 1 });
    const summary = rec.finish();
    ctx.figure({ name: 'legacy trace: events', value: summary.events, unit: 'events' });
    foldFigures(ctx, summary.events, replayVsDecode(file), 0.6, 'legacy trace: ', 'work spread over 4096 VFs');
    ctx.figure({ name: 'legacy trace: bytes per event', value: summary.bytes / summary.events, unit: 'bytes/event' });
  },
};
