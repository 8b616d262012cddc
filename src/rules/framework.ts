/**
 * Rules are oracles, kept out of the model (they never live in decide/evolve). A rule has an id,
 * the spec section it comes from, the actor it binds, and a kind: safety rules look at each
 * event (incrementally: the event and the entity it touches), liveness rules run when a run
 * settles. A violation names the rule, the seq, the actor and a sentence (README "Concepts").
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventType } from '../domain/events.js';
import type { Actor } from '../domain/items.js';
import type { TwinState } from '../domain/state.js';
import { clonePlain } from '../util/clone.js';

export interface Violation {
  rule: string;
  seq: number;
  actor: Actor;
  message: string;
}

export type Report = (message: string) => void;

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
   * Restrict `command` to these ops. A filtered command hook counts as the rule looking at
   * something (coverage); an unfiltered one (e.g. "flush at the next command") does not.
   */
  commandOps?: readonly Command['op'][];
  /** Before the command's first event is applied: the state the command acted on. */
  command?(s: Readonly<TwinState>, cmd: Command, mem: M, report: Report): void;
  /** Before `e` is applied. */
  before?(s: Readonly<TwinState>, e: Event, mem: M, report: Report): void;
  /** After `e` is applied. */
  after?(s: Readonly<TwinState>, e: Event, mem: M, report: Report): void;
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

type Hook = (s: Readonly<TwinState>, e: Event) => void;

/** What a RuleMonitor knew at one point of a run: its rules' memory and how many violations it had found. */
export interface MonitorMark {
  readonly mems: readonly unknown[];
  readonly violations: number;
}

/**
 * A compiled set of rules for one run: per-event-type hook lists, per-rule memory, and the
 * violations found so far. `exercised` counts how often each rule looked at something (coverage).
 */
export class RuleMonitor {
  readonly violations: Violation[] = [];
  readonly exercised: Record<string, number> = {};
  private beforeHooks = new Map<string, Hook[]>();
  private afterHooks = new Map<string, Hook[]>();
  private beforeAny: Hook[] = [];
  private afterAny: Hook[] = [];
  private commandHooks: ((s: Readonly<TwinState>, c: Command) => void)[] = [];
  private settleHooks: ((s: Readonly<TwinState>) => void)[] = [];
  /** Each rule's memory, in rule order; hooks read their slot, so `restore` can swap it. */
  private readonly mems: unknown[] = [];
  /**
   * Copy-on-write of memory shared with marks: a slot whose generation is not the current one is
   * copied before its hook runs. Without marks both stay 0, and nothing is ever copied.
   */
  private readonly memGen: number[] = [];
  private gen = 0;
  private seq = 0;

  constructor(
    readonly rules: readonly Rule[],
    private readonly onViolation?: (v: Violation) => void,
  ) {
    for (const rule of rules) this.compile(rule as Rule<unknown>);
  }

  private compile(rule: Rule<unknown>): void {
    const slot = this.mems.length;
    this.mems.push(rule.init ? rule.init() : undefined);
    this.memGen.push(0);
    const { memGen } = this;
    // The slot's memory, private to the run as it is now (copied if a mark shares it).
    const mem = (): unknown => {
      if (memGen[slot] !== this.gen) {
        memGen[slot] = this.gen;
        this.mems[slot] = clonePlain(this.mems[slot]);
      }
      return this.mems[slot];
    };
    this.exercised[rule.id] = 0;
    const report: Report = (message) => {
      const v: Violation = { rule: rule.id, seq: this.seq, actor: rule.actor, message };
      this.violations.push(v);
      this.onViolation?.(v);
    };
    const count = () => {
      this.exercised[rule.id]! += 1;
    };
    const add = (map: Map<string, Hook[]>, fn: Hook) => {
      if (rule.on === '*') {
        (map === this.beforeHooks ? this.beforeAny : this.afterAny).push(fn);
        return;
      }
      for (const t of rule.on ?? []) {
        const list = map.get(t) ?? [];
        list.push(fn);
        map.set(t, list);
      }
    };
    if (rule.before) {
      const before = rule.before;
      add(this.beforeHooks, (s, e) => (count(), before(s, e, mem(), report)));
    }
    if (rule.after) {
      const after = rule.after;
      add(this.afterHooks, (s, e) => (count(), after(s, e, mem(), report)));
    }
    if (rule.command) {
      const command = rule.command;
      const ops = rule.commandOps;
      this.commandHooks.push(
        ops
          ? (s, c) => void (ops.includes(c.op) && (count(), command(s, c, mem(), report)))
          : (s, c) => command(s, c, mem(), report),
      );
    }
    if (rule.settle) {
      const settle = rule.settle;
      this.settleHooks.push((s) => (count(), settle(s, mem(), report)));
    }
  }

  /** The rules' live memory, in rule order (read it, e.g. to fingerprint a run's state; never keep it). */
  get memory(): readonly unknown[] {
    return this.mems;
  }

  /** Whether rule `i`'s memory is shared with a mark (so it cannot change until its rule runs again). */
  memoryShared(i: number): boolean {
    return this.memGen[i] !== this.gen;
  }

  /** What the monitor knows now, for `restore` (exploration backtracks to it). Shares, copies on write. */
  mark(): MonitorMark {
    this.gen++;
    return { mems: this.mems.slice(), violations: this.violations.length };
  }

  /** Back to a mark: the rules' memory as it was, violations found after it forgotten. */
  restore(m: MonitorMark): void {
    this.gen++;
    for (let i = 0; i < this.mems.length; i++) this.mems[i] = m.mems[i];
    this.violations.length = m.violations;
  }

  command(s: Readonly<TwinState>, c: Command, nextSeq: number): void {
    this.seq = nextSeq;
    for (const h of this.commandHooks) h(s, c);
  }

  before(s: Readonly<TwinState>, e: Event): void {
    this.seq = e.seq;
    for (const h of this.beforeAny) h(s, e);
    const hooks = this.beforeHooks.get(e.type);
    if (hooks) for (const h of hooks) h(s, e);
  }

  after(s: Readonly<TwinState>, e: Event): void {
    this.seq = e.seq;
    for (const h of this.afterAny) h(s, e);
    const hooks = this.afterHooks.get(e.type);
    if (hooks) for (const h of hooks) h(s, e);
  }

  settle(s: Readonly<TwinState>, lastSeq: number): void {
    this.seq = lastSeq;
    for (const h of this.settleHooks) h(s);
  }
}
