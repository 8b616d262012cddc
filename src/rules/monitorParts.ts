/** The rule monitor's (./framework.ts) hook signatures and bookkeeping records. */
import type { Command } from '../domain/commands.js';
import type { Event, EventType } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import type { Earlier, Report } from './rule.js';

export type EventHook =
  (s: Readonly<TwinState>, e: Event, mem: unknown, report: Report, earlier: Earlier) => boolean | void;
export type CommandHook = (s: Readonly<TwinState>, c: Command, mem: unknown, report: Report) => void;
export type SettleHook = (s: Readonly<TwinState>, mem: unknown, report: Report) => void;
/**
 * The slots whose hooks one event type runs, before and after it is applied ('*' rules first,
 * then the type's own, each in rule order), and how often each list ran: coverage counts a list's
 * runs once instead of each slot on every event (see `exercised`).
 */
export interface TypeHooks {
  before: number[];
  after: number[];
  beforeRuns: number;
  afterRuns: number;
}

export const noHooks = (): TypeHooks => ({ before: [], after: [], beforeRuns: 0, afterRuns: 0 });

/** The current command's event types so far (see Rule.judges); `cause` is that command's index. */
export interface Log {
  types: EventType[];
  n: number;
  cause: number;
}

export const noLog = { types: [] as EventType[], n: 0, cause: -1 };

/** What a RuleMonitor knew at one point of a run: its rules' memory and how many violations it had found. */
export interface MonitorMark {
  readonly mems: readonly unknown[];
  readonly violations: number;
  readonly log: { readonly types: readonly EventType[]; readonly cause: number };
}
