/**
 * Every event the twin can record: a discriminated union on `type` ("area/fact"), unioned once
 * here from the aggregates. Bodies carry `fn` when they touch per-function state (fns[fn]);
 * `fn: -1` means every function. The engine adds the envelope (seq, tick, cause).
 */
import type { AqEvent } from './adminq/events.js';
import type { PfEvent } from './pf/events.js';
import type { SriovEvent } from './sriov/events.js';
import type { MsixEvent } from './msix/events.js';
import type { HostEvent } from './host/events.js';
import type { ProvisionEvent } from './provision/events.js';
import type { MmioEvent } from './mmio/events.js';
import type { LegacyEvent } from './legacy/events.js';
import type { MapperEvent } from './mapper/events.js';
import type { NetEvent } from './net/events.js';

/** The scheduler's recorded choice: which ready work item ran, out of how many. */
export type SchedEvent = { type: 'sched/picked'; item: string; ready: number };

export type EventBody = SchedEvent | PfEvent | SriovEvent | AqEvent | MsixEvent | HostEvent | ProvisionEvent
  | MmioEvent | LegacyEvent | MapperEvent | NetEvent;
export type EventType = EventBody['type'];

export interface Envelope {
  /** Dense from 0 within a run. */
  seq: number;
  /** Virtual time. */
  tick: number;
  /** Index of the command (input record) this event came from. */
  cause: number;
}

export type Event = EventBody & Envelope;
export type EventOf<T extends EventType> = Extract<EventBody, { type: T }> & Envelope;
export type BodyOf<T extends EventType> = Extract<EventBody, { type: T }>;

/** Which function an event touches: a function number, -1 for all, undefined for core only. */
export function touchedFn(e: EventBody): number | undefined {
  return (e as { fn?: number }).fn;
}
