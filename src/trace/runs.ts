/**
 * Traces as inputs and outputs of other tools (the fuzzer):
 *
 * - `readInputs(reader)`: the device config, seed and commands of a recorded run (e.g. to seed a
 *   campaign with `vtwin fuzz --from run.vtrace`). Holds every command in memory: meant for the
 *   short runs such tools work on.
 * - `recordRun(sink, info, commands)`: execute commands on a fresh engine (every rule on), settle,
 *   and record it, e.g. a shrunk finding as `<out>/<rule>/<seed>.vtrace`.
 * - `rerecord(reader, sink)`: record a trace's run again with this build, in the current format
 *   (how traces/regressions/ moved from format 1 to 2; test/replay checks the events are the same).
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { Engine } from '../engine/engine.js';
import { InputError } from '../errors.js';
import type { TraceReader } from './reader.js';
import { createRecorder, type ByteSink, type RecorderInfo, type TraceSummary } from './writer.js';

export interface RecordedInputs {
  config: DeviceConfig;
  seed: number;
  commands: Command[];
  /** The trace ended before the recorder finished. */
  truncated: boolean;
}

export function readInputs(reader: TraceReader): RecordedInputs {
  const commands: Command[] = [];
  const r = reader.scan({ command: (_i, _tick, cmd) => void commands.push(cmd) });
  return { config: reader.header.config, seed: reader.header.seed, commands, truncated: r.truncated };
}

export function recordRun(sink: ByteSink, info: RecorderInfo, commands: readonly Command[]): TraceSummary {
  const rec = createRecorder(sink, info);
  const engine = new Engine({ config: info.config, seed: info.seed, observers: [rec] });
  for (const c of commands) engine.execute(c);
  engine.settle(); // the recorder hears the settle point (EngineObserver.onSettle)
  return rec.finish();
}

/**
 * Execute a recorded run's commands on a fresh engine (every rule on), settling where it settled,
 * and record that with this build: same config, seed, producer and intervals. For a run this
 * build reproduces (reexec replay agrees), the new trace has the same events and violations.
 */
export function rerecord(reader: TraceReader, sink: ByteSink): TraceSummary {
  const h = reader.header;
  if (h.start.state !== 'config') throw new InputError(
    `${reader.source.name}: starts from a snapshot; only a run recorded from its start can be recorded again`);
  const rec = createRecorder(sink, { config: h.config, seed: h.seed, producer: h.producer,
    checkpointEvery: h.checkpointEvery, snapshotEvery: h.snapshotEvery, snapshotSizeRatio: h.snapshotSizeRatio });
  const engine = new Engine({ config: h.config, seed: h.seed, observers: [rec] });
  reader.scan({
    command: (_i, _tick, cmd) => void engine.execute(cmd),
    settle: () => engine.settled(),
  });
  return rec.finish();
}
