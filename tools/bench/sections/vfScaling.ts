/**
 * Per-event cost at 4096 VFs against 8 VFs, on the same admin workload: per-VF state lives in
 * state.fns[i], the state hash is incremental and rules look only at what an event touches, so
 * the cost of an event must not grow with the VF count (target <= 1.3), for fold replay, reexec
 * replay and the engine with every rule on.
 *
 * Each also has a start-up cost that does grow with the VF count, once: building the initial
 * state and (fold) hashing every function for the first checkpoint (a 4096-VF state is ~4000
 * objects). That is reported on its own; the per-event figure is the marginal cost, measured as
 * the difference between a long run and a short prefix of the same run.
 */
import * as path from 'node:path';
import { defaultConfig } from '../../../src/domain/device.js';
import { foldReplay, reexecReplay } from '../../../src/analysis/replay.js';
import { Engine } from '../../../src/engine/engine.js';
import { openTraceFile } from '../../../src/trace/file.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { timeBest } from '../harness.js';
import { runAdminWorkload } from '../workload.js';
import { bytesByPart, recordWorkload } from './common.js';

function replaySeconds(file: string, mode: 'fold' | 'reexec', reps: number): number {
  return timeBest(reps, () => {
    const reader = openTraceFile(file);
    const r = mode === 'fold' ? foldReplay(reader) : reexecReplay(reader);
    reader.close();
    if (!r.ok) throw new Error(`bench trace did not replay (${mode}): ${r.divergence?.reason}`);
  });
}

/** The engine, every rule on, running the admin workload until `events` events. */
function engineSeconds(vfs: number, events: number): number {
  return timeBest(2, () => {
    const config = defaultConfig({ totalVFs: vfs });
    const engine = new Engine({ config, seed: 1 });
    runAdminWorkload(engine, { events, seed: 1 });
    if (engine.violations.length) throw new Error(`the admin workload violated ${engine.violations[0]!.rule}`);
  });
}

interface Marginal {
  perEvent: number;
  startup: number;
  inclusive: number;
}

function marginal(short: number, long: number, ta: number, tb: number): Marginal {
  const perEvent = (tb - ta) / (long - short);
  return { perEvent, startup: Math.max(0, ta - perEvent * short), inclusive: tb / long };
}

/** Fold and reexec marginal costs at `vfs` VFs, and the long trace's figures. */
function measure(ctx: BenchContext, vfs: number, short: number, long: number) {
  const a = path.join(ctx.tmp, `vfs${vfs}-short.vtrace`);
  const b = path.join(ctx.tmp, `vfs${vfs}-long.vtrace`);
  const sa = recordWorkload(a, vfs, short).summary;
  const sb = recordWorkload(b, vfs, long).summary;
  // Warm-up, untimed: the first replay of the process runs cold code, and the short one (timed
  // first) would carry that, which made the 8-VF marginal cost swing from 60 to 90 ns between runs.
  replaySeconds(b, 'fold', 1);
  const fold = marginal(sa.events, sb.events, replaySeconds(a, 'fold', 3), replaySeconds(b, 'fold', 3));
  const reexec = marginal(sa.events, sb.events, replaySeconds(a, 'reexec', 2), replaySeconds(b, 'reexec', 2));
  return { fold, reexec, long: sb, snapshots: bytesByPart(b).snapshots };
}

export const vfScaling: BenchSection = {
  name: 'vf-scaling',
  description: 'cost per event at 4096 VFs vs 8 VFs: fold replay, reexec replay, the engine with every rule on',
  run(ctx: BenchContext) {
    const [short, long] = ctx.quick ? [20_000, 100_000] : [100_000, 600_000];
    const small = measure(ctx, 8, short, long);
    const big = measure(ctx, 4096, short, long);
    const [es, el] = ctx.quick ? [10_000, 50_000] : [50_000, 250_000];
    engineSeconds(64, es); // warm-up: JIT every rule before timing either size
    const engSmall = marginal(es, el, engineSeconds(8, es), engineSeconds(8, el));
    const engBig = marginal(es, el, engineSeconds(4096, es), engineSeconds(4096, el));
    const ns = (s: number) => s * 1e9;
    for (const [what, s, b] of [['fold replay', small.fold, big.fold], ['reexec replay', small.reexec, big.reexec],
      ['engine, rules on', engSmall, engBig]] as const) {
      ctx.figure({ name: `${what}: per event, 8 VFs`, value: ns(s.perEvent), unit: 'ns', note: 'marginal' });
      ctx.figure({ name: `${what}: per event, 4096 VFs`, value: ns(b.perEvent), unit: 'ns', note: 'marginal' });
      ctx.figure({ name: `${what}: cost 4096 / 8 VFs`, value: b.perEvent / s.perEvent, unit: 'ratio',
        target: { op: '<=', value: 1.3 } });
    }
    ctx.figure({ name: 'fold start-up, 4096 VFs', value: big.fold.startup * 1e3, unit: 'ms',
      note: `initial state + first full hash; ${(small.fold.startup * 1e3).toFixed(1)} ms at 8 VFs` });
    ctx.figure({ name: 'fold cost incl. start-up, 4096 / 8', value: big.fold.inclusive / small.fold.inclusive,
      unit: 'ratio', note: `over ${big.long.events} events` });
    ctx.figure({ name: 'file size per event, 4096 VFs', value: big.long.bytes / big.long.events, unit: 'bytes/event',
      note: `${big.long.snapshots} snapshots, ${((100 * big.snapshots) / big.long.bytes).toFixed(1)}% of the file` });
  },
};
