/**
 * Captured traces (README "Captured traces"): `vtwin ingest` of a synthesised 1 M-line QEMU log
 * (tools/bench/qemuLog.ts: legacy virtio-net guests on 4 VFs, then kicks and messages), measured
 * side by side with merely splitting the same text and matching every line with the parser's own
 * regexes. The ingest figure is what a user runs: parse, plan, calibrate and the shadow replay
 * checking the rules the report shows (the guest's and the PF driver's), no trace written.
 */
import { ingest } from '../../../src/ingest/ingest.js';
import { matchQemuLines } from '../../../src/ingest/qemu/parse.js';
import { planQemuLog } from '../../../src/ingest/qemu/onePass.js';
import type { BenchContext, BenchSection } from '../harness.js';
import { timeBest } from '../harness.js';
import { syntheticQemuLog } from '../qemuLog.js';

export const ingestSection: BenchSection = {
  name: 'ingest',
  description: 'vtwin ingest of a synthesised QEMU log: lines/s against splitting and regex-matching the same lines',
  run(ctx: BenchContext) {
    const text = syntheticQemuLog(ctx.quick ? 100_000 : 1_000_000);
    ingest(syntheticQemuLog(20_000), { file: 'warm-up.log' }); // JIT the whole path first
    let lines = 0;
    const match = timeBest(3, () => void matchQemuLines(text));
    const parse = timeBest(2, () => void (lines = planQemuLog(text, 'bench.log').lines));
    let report: ReturnType<typeof ingest>['report'] | null = null;
    let events = 0;
    // Best of two like the parse, not one: a single 1 M-line ingest swung by ~10% from run to run.
    const full = timeBest(2, () => {
      const r = ingest(text, { file: 'bench.log' });
      report = r.report;
      events = r.events;
    });
    const r = report as ReturnType<typeof ingest>['report'] | null;
    ctx.log(`${lines} lines: ${r?.verdict}, ${r?.observations} observations, ${events} twin events`);
    ctx.figure({ name: 'split + match (parser regexes)', value: lines / match, unit: 'lines/s' });
    ctx.figure({
      name: 'parse + plan, no replay',
      value: lines / parse,
      unit: 'lines/s',
      note: `ratio ${(match / parse).toFixed(2)}`,
    });
    ctx.figure({ name: 'ingest + shadow replay', value: lines / full, unit: 'lines/s' });
    ctx.figure({ name: 'twin events per line', value: events / lines, unit: 'events' });
    ctx.figure({
      name: 'ingest / split + match',
      value: match / full,
      unit: 'ratio',
      target: { op: '>=', value: 0.3 },
      note: 'the replay runs the engine for each line, with the guest and PF driver rules',
    });
  },
};
