/** Recording small runs in memory for the trace and analysis tests. */
import type { Command } from '../../../src/domain/commands.js';
import type { DeviceConfigInput } from '../../../src/domain/config.js';
import { defaultConfig } from '../../../src/domain/device.js';
import type { Event } from '../../../src/domain/events.js';
import { Engine, type EngineObserver } from '../../../src/engine/engine.js';
import type { Rule } from '../../../src/rules/framework.js';
import { memorySink } from '../../../src/trace/memory.js';
import { openTrace, type TraceReader } from '../../../src/trace/reader.js';
import { bytesSource } from '../../../src/trace/source.js';
import { createRecorder, type Recorder, type RecorderInfo } from '../../../src/trace/writer.js';
import { runAdminWorkload } from '../../../tools/bench/workload.js';

export interface Recorded {
  bytes: Uint8Array;
  events: Event[];
  commands: { index: number; tick: number; cmd: Command }[];
  engine: Engine;
}

export interface RecordOptions {
  device?: DeviceConfigInput;
  seed?: number;
  rules?: readonly Rule[];
  trace?: Partial<Omit<RecorderInfo, 'config' | 'seed'>>;
  /** Sits between the engine and the recorder: may change what the recorder sees. */
  tamper?: (rec: Recorder) => EngineObserver;
  /** Do not call finish() (a recorder that was killed). */
  unfinished?: boolean;
}

/** Run `drive` on a fresh engine with a recorder attached; returns the bytes and what happened. */
export function record(drive: (e: Engine) => void, opts: RecordOptions = {}): Recorded {
  const config = defaultConfig(opts.device ?? { totalVFs: 4 });
  const seed = opts.seed ?? 7;
  const sink = memorySink();
  const rec = createRecorder(sink, { config, seed, producer: 'test', ...opts.trace });
  const events: Event[] = [];
  const commands: Recorded['commands'] = [];
  const log: EngineObserver = {
    onEvent: (e) => void events.push(structuredClone(e)),
    onCommand: (index, tick, cmd) => void commands.push({ index, tick, cmd: structuredClone(cmd) }),
  };
  const engine = new Engine({ config, seed, rules: opts.rules,
    observers: [log, opts.tamper ? opts.tamper(rec) : rec] });
  drive(engine);
  if (!opts.unfinished) rec.finish();
  return { bytes: sink.bytes(), events, commands, engine };
}

/** The admin workload until `events` events. */
export function workload(events: number, opts: RecordOptions = {}): Recorded {
  return record((e) => runAdminWorkload(e, { events, seed: opts.seed ?? 7 }), opts);
}

export function open(bytes: Uint8Array, name = 'test.vtrace'): TraceReader {
  return openTrace(bytesSource(bytes, name));
}

/** Open without refusing event types this build does not know (codec tests make up their own). */
export function openForeign(bytes: Uint8Array, name = 'test.vtrace'): TraceReader {
  return openTrace(bytesSource(bytes, name), { foreign: true });
}

/** Every event and command of a trace, in order, as plain data. */
export function readAll(reader: TraceReader): { events: Event[]; commands: Recorded['commands'];
    result: ReturnType<TraceReader['scan']> } {
  const events: Event[] = [];
  const commands: Recorded['commands'] = [];
  const result = reader.scan({
    event: (e) => void events.push(structuredClone(e)),
    command: (index, tick, cmd) => void commands.push({ index, tick, cmd: structuredClone(cmd) }),
  });
  return { events, commands, result };
}
