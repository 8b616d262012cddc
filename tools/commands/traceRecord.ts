/**
 * Glue between the scenario runner and the trace recorder, ready for the CLI to plug in:
 *
 *   runCommand(paths, opts, io, traceRecorderFactory);   // vtwin run --record <trace> (the default)
 *   PHASES.push(recordReplayPhase);             // npm start: record and replay every scenario
 */
import { foldReplay, reexecReplay } from '../../src/analysis/replay.js';
import { runScenario } from '../../src/scenario/runner.js';
import { expectedRules } from '../../src/scenario/steps.js';
import type { Scenario } from '../../src/scenario/types.js';
import { recordToFile } from '../../src/trace/file.js';
import { memorySink } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/reader.js';
import { bytesSource } from '../../src/trace/source.js';
import { createRecorder } from '../../src/trace/writer.js';
import type { Phase } from './main.js';
import type { RecorderFactory } from './run.js';

function producer(sc: Scenario, seed: number): string {
  return `vtwin run ${sc.file}${seed !== sc.seed ? ` --seed ${seed}` : ''}`;
}

/** `vtwin run --record <trace>`: the run, streamed to the file as it happens. */
export const traceRecorderFactory: RecorderFactory = (tracePath, { scenario, seed }) => {
  const rec = recordToFile(tracePath, { config: scenario.device, seed, producer: producer(scenario, seed),
    expectedRules: expectedRules(scenario) });
  return { observer: rec, finish: () => void rec.finish() };
};

export interface RecordReplayDetail {
  scenario: string;
  events: number;
  bytes: number;
  fold: boolean;
  reexec: boolean;
  divergence?: string;
}

/** Record every scenario in memory, then replay each trace both ways; ok when all agree. */
export const recordReplayPhase: Phase = {
  name: 'record+replay',
  run(ctx) {
    const detail: RecordReplayDetail[] = [];
    for (const sc of ctx.scenarios) {
      const seed = ctx.seed ?? sc.seed;
      const sink = memorySink();
      const rec = createRecorder(sink, { config: sc.device, seed, producer: producer(sc, seed),
        expectedRules: expectedRules(sc) });
      runScenario(sc, { seed, observers: [rec], snapshots: false });
      const summary = rec.finish();
      const bytes = sink.bytes();
      const fold = foldReplay(openTrace(bytesSource(bytes, sc.file)));
      const reexec = reexecReplay(openTrace(bytesSource(bytes, sc.file)));
      const d = fold.divergence ?? reexec.divergence;
      detail.push({ scenario: sc.name, events: summary.events, bytes: summary.bytes, fold: fold.ok, reexec: reexec.ok,
        ...(d ? { divergence: `seq ${d.seq}: ${d.reason}` } : {}) });
      if (!ctx.json && d) ctx.io.out(`DIVERGED  ${sc.name}: seq ${d.seq}: ${d.reason}\n`);
    }
    const bad = detail.filter((d) => !d.fold || !d.reexec).length;
    const events = detail.reduce((n, d) => n + d.events, 0);
    const bytes = detail.reduce((n, d) => n + d.bytes, 0);
    return {
      ok: bad === 0,
      summary: `${detail.length} scenarios recorded (${events} events, ${bytes} bytes) and replayed by fold and ` +
        `reexec: ${detail.length - bad} consistent, ${bad} diverged`,
      detail: { traces: detail },
    };
  },
};
