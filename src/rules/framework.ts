/**
 * Rules are oracles, kept out of the model (they never live in decide/evolve). A rule has an id,
 * the spec section it comes from, the actor it binds, and a kind: safety rules look at each
 * event (incrementally: the event and the entity it touches), liveness rules run when a run
 * settles. A violation names the rule, the seq, the actor and a sentence (README "Concepts").
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventType } from '../domain/events.js';
import type { Actor, WorkKind } from '../domain/items.js';
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
  /**
   * For an unfiltered `command` hook, what it can act on, so the monitor skips the calls that do
   * nothing (uncounted either way, so coverage is the same):
   * - `'flush'`: the hook only judges what the rule's own hooks left in its memory and leaves
   *   nothing to judge, so with none of them run since its last call it does nothing;
   * - work kinds: the hook only acts on a `device.run` of one of them.
   */
  commandActs?: 'flush' | readonly WorkKind[];
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

type EventHook = (s: Readonly<TwinState>, e: Event, mem: unknown, report: Report) => void;
type CommandHook = (s: Readonly<TwinState>, c: Command, mem: unknown, report: Report) => void;
type SettleHook = (s: Readonly<TwinState>, mem: unknown, report: Report) => void;
/**
 * The slots whose hooks one event type runs, before and after it is applied; the `flush` slots
 * among them (a run leaves them something to judge); how often each list ran. Coverage counts a
 * list's runs once instead of each slot on every event (see `exercised`).
 */
interface TypeHooks {
  before: number[];
  after: number[];
  beforeFlush: number[];
  afterFlush: number[];
  beforeRuns: number;
  afterRuns: number;
}

const noHooks = (): TypeHooks => ({ before: [], after: [], beforeFlush: [], afterFlush: [], beforeRuns: 0, afterRuns: 0 });
/** A type no rule names: none of its own (never counted, so shared). */
const noneOwn: TypeHooks = noHooks();

/** What a RuleMonitor knew at one point of a run: its rules' memory and how many violations it had found. */
export interface MonitorMark {
  readonly mems: readonly unknown[];
  readonly violations: number;
}

/**
 * A compiled set of rules for one run: per-event-type and per-command-op lists of the rules to
 * call, per-rule memory, and the violations found so far. `exercised` counts how often each rule
 * looked at something (coverage). The hot path (every event of every run) only walks slot
 * numbers: no closures per call, no lookups by rule id.
 */
export class RuleMonitor {
  readonly violations: Violation[] = [];
  /** Per event type named by a rule: the slots whose `before` / `after` run for it, in rule order. */
  private readonly byType = new Map<string, TypeHooks>();
  /** The '*' rules, in rule order: they run on every event, before the type's own. */
  private readonly anyType: TypeHooks = noHooks();
  /** The event `before` last saw and its hooks: `after` takes them from there. */
  private lastEvent: Event | null = null;
  private lastHooks = noneOwn;
  /**
   * Slots with a `command` hook, in rule order, and the ones a command runs (built on first use):
   * per op, and per work kind for `device.run`.
   */
  private readonly commandSlots: number[] = [];
  private readonly commandByOp = new Map<string, number[]>();
  private readonly commandByWork = new Map<string, number[]>();
  /** Per slot: a filtered command hook (counted), a `flush` one. */
  private readonly counted: boolean[] = [];
  private readonly flushes: boolean[] = [];
  /** Per slot: whether one of the rule's hooks ran since its `flush` command hook last did. */
  private readonly dirty: boolean[] = [];
  private readonly settleSlots: number[] = [];
  private readonly befores: (EventHook | undefined)[] = [];
  private readonly afters: (EventHook | undefined)[] = [];
  private readonly commands: (CommandHook | undefined)[] = [];
  private readonly settles: (SettleHook | undefined)[] = [];
  private readonly reports: Report[] = [];
  /** Per slot: how often the rule looked at something. */
  private readonly counts: number[] = [];
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
    rules.forEach((rule, slot) => this.compile(rule as Rule<unknown>, slot));
    for (const h of this.typeHooks()) {
      h.beforeFlush = h.before.filter((k) => this.flushes[k]);
      h.afterFlush = h.after.filter((k) => this.flushes[k]);
    }
  }

  private typeHooks(): TypeHooks[] {
    return [this.anyType, ...this.byType.values()];
  }

  private compile(rule: Rule<unknown>, slot: number): void {
    this.mems.push(rule.init ? rule.init() : undefined);
    this.memGen.push(0);
    this.counts.push(0);
    this.counted.push(rule.commandOps !== undefined);
    this.flushes.push(!rule.commandOps && rule.commandActs === 'flush');
    this.dirty.push(true);
    this.reports.push((message) => {
      const v: Violation = { rule: rule.id, seq: this.seq, actor: rule.actor, message };
      this.violations.push(v);
      this.onViolation?.(v);
    });
    this.befores.push(rule.before);
    this.afters.push(rule.after);
    this.commands.push(rule.command);
    this.settles.push(rule.settle);
    const add = (when: 'before' | 'after') => {
      if (rule.on === '*') return void this.anyType[when].push(slot);
      for (const t of rule.on ?? []) {
        let h = this.byType.get(t);
        if (!h) this.byType.set(t, (h = noHooks()));
        h[when].push(slot);
      }
    };
    if (rule.before) add('before');
    if (rule.after) add('after');
    if (rule.command) this.commandSlots.push(slot);
    if (rule.settle) this.settleSlots.push(slot);
  }

  /** How often each rule looked at something, by rule id in rule order (a fresh copy). */
  get exercised(): Record<string, number> {
    const n = this.counts.slice();
    for (const h of this.typeHooks()) {
      for (const k of h.before) n[k]! += h.beforeRuns;
      for (const k of h.after) n[k]! += h.afterRuns;
    }
    const out: Record<string, number> = {};
    this.rules.forEach((r, slot) => void (out[r.id] = (out[r.id] ?? 0) + n[slot]!));
    return out;
  }

  /** The slot's memory, private to the run as it is now (copied if a mark shares it). */
  private mem(slot: number): unknown {
    if (this.memGen[slot] !== this.gen) {
      this.memGen[slot] = this.gen;
      this.mems[slot] = clonePlain(this.mems[slot]);
    }
    return this.mems[slot];
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
    for (let i = 0; i < this.mems.length; i++) {
      this.mems[i] = m.mems[i];
      this.dirty[i] = true;
    }
    this.violations.length = m.violations;
  }

  /** Whether the command hook in `slot` can act on `c` (see Rule.commandActs). */
  private acts(slot: number, c: Command): boolean {
    const r = this.rules[slot]!;
    if (r.commandOps) return r.commandOps.includes(c.op);
    const acts = r.commandActs;
    return acts === undefined || acts === 'flush' || (c.op === 'device.run' && acts.includes(c.item.kind));
  }

  /** The command hooks `c` runs, in rule order. */
  private commandHooksFor(c: Command): number[] {
    const byWork = c.op === 'device.run';
    const map = byWork ? this.commandByWork : this.commandByOp;
    return map.get(byWork ? c.item.kind : c.op) ?? this.compileCommand(c, map);
  }

  /** The first command of its op (or work kind): which hooks it runs. Apart, so no closure is built per command. */
  private compileCommand(c: Command, map: Map<string, number[]>): number[] {
    const slots = this.commandSlots.filter((k) => this.acts(k, c));
    map.set(c.op === 'device.run' ? c.item.kind : c.op, slots);
    return slots;
  }

  command(s: Readonly<TwinState>, c: Command, nextSeq: number): void {
    this.seq = nextSeq;
    const slots = this.commandHooksFor(c);
    for (let i = 0; i < slots.length; i++) {
      const k = slots[i]!;
      if (this.flushes[k]) {
        if (!this.dirty[k]) continue;
        this.dirty[k] = false;
      }
      // A filtered hook counts as looking at something; an unfiltered one does not.
      if (this.counted[k]) this.counts[k]! += 1;
      this.commands[k]!(s, c, this.mem(k), this.reports[k]!);
    }
  }

  before(s: Readonly<TwinState>, e: Event): void {
    this.seq = e.seq;
    const any = this.anyType;
    if (any.before.length > 0) {
      any.beforeRuns++;
      this.runAny(any.before, any.beforeFlush, this.befores, s, e);
    }
    const hooks = this.byType.get(e.type) ?? noneOwn;
    this.lastEvent = e;
    this.lastHooks = hooks;
    if (hooks.before.length === 0) return;
    hooks.beforeRuns++;
    this.run(hooks.before, hooks.beforeFlush, this.befores, s, e);
  }

  after(s: Readonly<TwinState>, e: Event): void {
    let hooks = this.lastHooks;
    if (e !== this.lastEvent) {
      this.lastEvent = e;
      this.lastHooks = hooks = this.byType.get(e.type) ?? noneOwn;
    }
    this.seq = e.seq;
    const any = this.anyType;
    if (any.after.length > 0) {
      any.afterRuns++;
      this.runAny(any.after, any.afterFlush, this.afters, s, e);
    }
    if (hooks.after.length === 0) return;
    hooks.afterRuns++;
    this.run(hooks.after, hooks.afterFlush, this.afters, s, e);
  }

  /**
   * `run` for the '*' rules, a call site of their own: it sees the same few hooks on every event,
   * so the engine can inline them, where `run`'s call site sees every rule's.
   */
  private runAny(slots: readonly number[], flush: readonly number[], hooks: readonly (EventHook | undefined)[],
      s: Readonly<TwinState>, e: Event): void {
    for (let i = 0; i < flush.length; i++) this.dirty[flush[i]!] = true;
    for (let i = 0; i < slots.length; i++) {
      const k = slots[i]!;
      hooks[k]!(s, e, this.mem(k), this.reports[k]!);
    }
  }

  /** Run `slots`' hooks; the `flush` ones among them now have something their command hook may judge. */
  private run(slots: readonly number[], flush: readonly number[], hooks: readonly (EventHook | undefined)[],
      s: Readonly<TwinState>, e: Event): void {
    for (let i = 0; i < flush.length; i++) this.dirty[flush[i]!] = true;
    for (let i = 0; i < slots.length; i++) {
      const k = slots[i]!;
      hooks[k]!(s, e, this.mem(k), this.reports[k]!);
    }
  }

  settle(s: Readonly<TwinState>, lastSeq: number): void {
    this.seq = lastSeq;
    for (const k of this.settleSlots) {
      this.counts[k]! += 1;
      this.dirty[k] = true;
      this.settles[k]!(s, this.mem(k), this.reports[k]!);
    }
  }
}
