/**
 * What the step handlers (./shadowIo.ts, ./shadowIrq.ts, ./shadowAq.ts, ./shadowStatus.ts) need from the shadow run
 * (./shadow.ts): the engine, command execution that keeps the run's bookkeeping, device work pinned
 * to what the capture shows, and the verdict's accounting.
 */
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import type { WorkItem } from '../domain/items.js';
import type { Engine } from '../engine/engine.js';
import type { DivergenceInput } from './divergence.js';
import type { History } from './history.js';
import type { Plan } from './plan.js';
import type { IrqSource } from './steps.js';

/** An interrupt outcome the twin produced and the capture has not yet accounted for. */
export type OutcomeKey = number;

const KINDS = { sent: 0, pending: 1, none: 2 } as const;
/** Table entries are 0..2047; then "no vector" and INTx. */
const NO_VECTOR = 2048;
const INTX = 2049;

/** A number per (function, vector, outcome): the outcome table is hit for every interrupt line. */
export function outcomeKey(fn: number, vector: number | 'intx' | null, kind: 'sent' | 'pending' | 'none'): OutcomeKey {
  const v = vector === null ? NO_VECTOR : vector === 'intx' ? INTX : vector;
  return (fn * (INTX + 1) + v) * 3 + KINDS[kind];
}

/** A VF's device status the capture has not shown: what the run assumes (./shadowStatus.ts). */
export interface StatusAssumer {
  /** Before the device notifies VF `fn` of `source` at capture line `line`. */
  beforeNotify(fn: number, source: IrqSource, line: number): void;
  /** Before a status read of VF `fn` that the capture saw return `value` is compared. */
  beforeRead(fn: number, value: number, line: number): void;
}

export interface ShadowCtx {
  readonly engine: Engine;
  readonly plan: Plan;
  readonly history: History;
  /** VF device status the capture has not shown: the run's assumptions about it. */
  readonly status: StatusAssumer;
  /** Execute one command; its events update the run's bookkeeping (interrupt outcomes, history). */
  exec(cmd: Command): Event[];
  /**
   * Execute a raise whose outcome the caller compares itself (it does not join the outcomes the
   * capture may still account for).
   */
  raise(cmd: Command): Event[];
  /**
   * Pinned device work: run ready items `want` accepts, one at a time (the first in the engine's
   * menu order), until `until` finds what it waits for in an item's events, and return that. Null
   * when no acceptable item is ready before then.
   */
  drive<T>(want: (item: WorkItem) => boolean, until: (events: Event[]) => T | null): T | null;
  /** Consume one unaccounted outcome with this key, if the twin has one. */
  takeOutcome(key: OutcomeKey): boolean;
  /** One observation compared. */
  observed(): void;
  diverge(d: DivergenceInput): void;
  /** The last event's seq (for a divergence with no event of its own). */
  lastSeq(): number;
}
