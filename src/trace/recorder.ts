/** The recorder's interface: what the engine, the scenario runner and the fuzzer talk to. */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import type { Event } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import type { EngineObserver } from '../engine/engine.js';
import type { Violation } from '../rules/framework.js';

/** Where trace bytes go. The recorder hands over each chunk and never touches it again. */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  close?(): void;
}

export interface RecorderInfo {
  config: DeviceConfig;
  seed: number;
  /** What produced the trace, e.g. "vtwin run scenarios/x.json" or "fuzz seed=7 run=12". */
  producer: string;
  /** Rules the recorded scenario expects to fire (TraceHeader.expectedRules); omit when nothing says. */
  expectedRules?: readonly string[];
  checkpointEvery?: number;
  snapshotEvery?: number;
  snapshotSizeRatio?: number;
  /** Target frame size in bytes (tests use small frames to exercise frame boundaries). */
  frameBytes?: number;
  /**
   * Only when the engine does not start at seq 0 from bootState(config): where it starts, and
   * the state it starts from (written as a snapshot so readers need nothing else).
   */
  start?: { seq: number; command: number; tick: number; state: TwinState };
}

export interface TraceSummary {
  bytes: number;
  events: number;
  commands: number;
  violations: number;
  checkpoints: number;
  snapshots: number;
  finalHash: string;
}

export interface Recorder extends EngineObserver {
  onCommand(index: number, tick: number, cmd: Command): void;
  onEvent(e: Event, state: Readonly<TwinState>): void;
  onViolation(v: Violation): void;
  /** The run settled after event `lastSeq` (liveness rules were checked there). */
  onSettle(lastSeq: number): void;
  /** Write the final checkpoint, the end record, the index and the trailer; close the sink. */
  finish(): TraceSummary;
}

