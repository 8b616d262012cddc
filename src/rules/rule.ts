/**
 * Rules are oracles, kept out of the model (they never live in decide/evolve). A rule has an id,
 * the spec section it comes from, the actor it binds, and a kind: safety rules look at each
 * event (incrementally: the event and the entity it touches), liveness rules run when a run
 * settles. A violation names the rule, the seq, the actor and a sentence (README "Concepts").
 * ./framework.ts runs them.
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventType } from '../domain/events.js';
import type { Actor, WorkKind } from '../domain/items.js';
import type { TwinState } from '../domain/state.js';

export interface Violation {
  rule: string;
  seq: number;
  actor: Actor;
  message: string;
}

export type Report = (message: string) => void;

/**
 * The types of the current command's events before the one being judged: entries [0, n) of
 * `types` (the rest are stale). The monitor keeps it for rules with `judges`; read it, never keep it.
 */
export interface Earlier {
  readonly types: readonly EventType[];
  readonly n: number;
}

export interface Rule<M = unknown> {
  id: string;
  actor: Actor;
  /**
   * Where the rule comes from: `virtio 1.4 §<number> <Title>[ / <part>]` or a `docs/<file>.md#<anchor>`,
   * several joined by "; ", optionally followed by " — " and the sentence checked
   * (docs/spec-notes.md#how-the-code-cites-the-specification).
   */
  section: string;
  kind: 'safety' | 'liveness';
  description: string;
  /** Fresh monitor memory for a run (plain data). */
  init?(): M;
  /**
   * The memory only matters within one command: whatever it holds when a command ends, the next
   * command's events reset or overwrite it before the rule reads it. Exploration then leaves it
   * out when it asks whether two runs reached the same point (README "Systematic exploration").
   */
  scratch?: boolean;
  /** Event types that trigger `before`/`after` ('*' = every event); others cost the rule nothing. */
  on?: readonly EventType[] | '*';
  /**
   * For an `on: '*'` rule that judges only these event types, by the types of the events their
   * command produced before them (`earlier`): the monitor notes every event's type for it (no call)
   * and calls `before` for these only, in the '*' rules' place. It still looks at every event (coverage).
   */
  judges?: readonly EventType[];
  /**
   * Restrict `command` to these ops. A filtered command hook counts as the rule looking at
   * something (coverage); an unfiltered one (e.g. "flush at the next command") does not.
   */
  commandOps?: readonly Command['op'][];
  /**
   * For an unfiltered `command` hook, what it can act on, so the monitor skips the calls that do
   * nothing (uncounted either way, so coverage is the same):
   * - `'flush'`: the hook only judges what the rule's own hooks left in its memory and leaves
   *   nothing to judge, so with none of them run since its last call it does nothing; nor when the
   *   last event hook that ran returned `false`, saying the memory holds nothing to judge;
   * - work kinds: the hook only acts on a `device.run` of one of them.
   */
  commandActs?: 'flush' | readonly WorkKind[];
  /** Before the command's first event is applied: the state the command acted on. */
  command?(s: Readonly<TwinState>, cmd: Command, mem: M, report: Report): void;
  /** Before `e` is applied (`earlier`: see `judges`; `false`: see `commandActs`). */
  before?(s: Readonly<TwinState>, e: Event, mem: M, report: Report, earlier: Earlier): boolean | void;
  /** After `e` is applied (`false`: see `commandActs`). */
  after?(s: Readonly<TwinState>, e: Event, mem: M, report: Report): boolean | void;
  /** When nothing is ready (liveness). */
  settle?(s: Readonly<TwinState>, mem: M, report: Report): void;
}

export interface RuleInfo {
  id: string;
  actor: Actor;
  section: string;
  kind: 'safety' | 'liveness';
  description: string;
}

export function ruleInfo(r: Rule): RuleInfo {
  return { id: r.id, actor: r.actor, section: r.section, kind: r.kind, description: r.description };
}
