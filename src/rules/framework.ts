/**
 * The rule monitor: runs a set of rules (./rule.ts) over one run, calling each hook only where it
 * can act, and collects their violations.
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventType } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { clonePlain } from '../util/clone.js';
import type { Earlier, Report, Rule, Violation } from './rule.js';
import { noHooks, noLog, type CommandHook, type EventHook, type Log, type MonitorMark, type SettleHook,
  type TypeHooks } from './monitorParts.js';

export { ruleInfo, type Earlier, type Report, type Rule, type RuleInfo, type Violation } from './rule.js';
export type { MonitorMark, TypeHooks } from './monitorParts.js';

/**
 * A compiled set of rules for one run: per-event-type and per-command-op lists of the rules to
 * call, per-rule memory, and the violations found so far. `exercised` counts how often each rule
 * looked at something (coverage). The hot path (every event of every run) only walks slot
 * numbers: no closures per call, no lookups by rule id.
 */
export class RuleMonitor {
  readonly violations: Violation[] = [];
  /** Per event type a rule names: the hooks it runs. */
  private readonly byType = new Map<string, TypeHooks>();
  /** The hooks of the other types: the '*' rules' that judge every type. */
  private readonly anyType: TypeHooks = noHooks();
  /** The '*' rules' slots (they look at every event, counted per event) and how many events they saw. */
  private readonly star: number[] = [];
  private befores = 0;
  private afters = 0;
  /** The event `before` last saw and its hooks: `after` takes them from there. */
  private lastEvent: Event | null = null;
  private lastHooks = this.anyType;
  /** Kept only when a rule `judges` (else null): one store per event. */
  private readonly log: Log | null;
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
  /**
   * Per slot: whether the rule's `flush` command hook may have something to judge: one of its event
   * hooks ran since that hook last did, and did not say its memory holds nothing (Rule.commandActs).
   */
  private readonly dirty: boolean[] = [];
  private readonly settleSlots: number[] = [];
  private readonly beforeHooks: (EventHook | undefined)[] = [];
  private readonly afterHooks: (EventHook | undefined)[] = [];
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
    for (const rule of rules) for (const t of rule.judges ?? []) this.hooksOf(t);
    for (const [t, h] of [['', this.anyType], ...this.byType] as const) {
      h.before.unshift(...this.starFor(t, 'before'));
      h.after.unshift(...this.starFor(t, 'after'));
    }
    this.log = rules.some((r) => r.judges) ? { types: [], n: 0, cause: -1 } : null;
  }

  /** The '*' slots whose `when` hook runs for type `t` ('' = a type no rule names), in rule order. */
  private starFor(t: string, when: 'before' | 'after'): number[] {
    return this.star.filter((k) => {
      const r = this.rules[k]!;
      return r[when] !== undefined && (when === 'after' || !r.judges || r.judges.includes(t as EventType));
    });
  }

  private hooksOf(t: string): TypeHooks {
    let h = this.byType.get(t);
    if (!h) this.byType.set(t, (h = noHooks()));
    return h;
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
    this.beforeHooks.push(rule.before);
    this.afterHooks.push(rule.after);
    this.commands.push(rule.command);
    this.settles.push(rule.settle);
    // '*' rules join every type's lists once all types are known (constructor).
    if (rule.on === '*') this.star.push(slot);
    else for (const t of rule.on ?? []) {
      if (rule.before) this.hooksOf(t).before.push(slot);
      if (rule.after) this.hooksOf(t).after.push(slot);
    }
    if (rule.command) this.commandSlots.push(slot);
    if (rule.settle) this.settleSlots.push(slot);
  }

  /** How often each rule looked at something, by rule id in rule order (a fresh copy). */
  get exercised(): Record<string, number> {
    const n = this.counts.slice();
    const star = new Set(this.star);
    for (const h of [this.anyType, ...this.byType.values()]) {
      for (const k of h.before) if (!star.has(k)) n[k]! += h.beforeRuns;
      for (const k of h.after) if (!star.has(k)) n[k]! += h.afterRuns;
    }
    for (const k of star) {
      const r = this.rules[k]!;
      n[k]! += (r.before ? this.befores : 0) + (r.after ? this.afters : 0);
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
    const log = this.log ? { types: this.log.types.slice(0, this.log.n), cause: this.log.cause } : noLog;
    return { mems: this.mems.slice(), violations: this.violations.length, log };
  }

  /** Back to a mark: the rules' memory as it was, violations found after it forgotten. */
  restore(m: MonitorMark): void {
    this.gen++;
    for (let i = 0; i < this.mems.length; i++) {
      this.mems[i] = m.mems[i];
      this.dirty[i] = true;
    }
    this.violations.length = m.violations;
    if (!this.log) return;
    this.log.types = m.log.types.slice();
    this.log.n = m.log.types.length;
    this.log.cause = m.log.cause;
  }

  /** Whether the command hook in `slot` can act on `c` (see Rule.commandActs). */
  private acts(slot: number, c: Command): boolean {
    const r = this.rules[slot]!;
    if (r.commandOps) return r.commandOps.includes(c.op);
    const acts = r.commandActs;
    return acts === undefined || acts === 'flush' || (c.op === 'device.run' && acts.includes(c.item.kind));
  }

  /** The first command of its op (or work kind): which hooks it runs. Apart, so no closure is built per command. */
  private compileCommand(c: Command, map: Map<string, number[]>): number[] {
    const slots = this.commandSlots.filter((k) => this.acts(k, c));
    map.set(c.op === 'device.run' ? c.item.kind : c.op, slots);
    return slots;
  }

  /**
   * The command hooks `c` runs, in rule order: by op, or by work kind for `device.run` (what
   * `commandWith` takes; the engine keeps them with the op's decider).
   */
  commandSlotsFor(c: Command): readonly number[] {
    const byWork = c.op === 'device.run';
    const map = byWork ? this.commandByWork : this.commandByOp;
    return map.get(byWork ? c.item.kind : c.op) ?? this.compileCommand(c, map);
  }

  command(s: Readonly<TwinState>, c: Command, nextSeq: number): void {
    this.commandWith(this.commandSlotsFor(c), s, c, nextSeq);
  }

  /** `command` with `c`'s hooks already looked up (`commandSlotsFor(c)`). */
  commandWith(slots: readonly number[], s: Readonly<TwinState>, c: Command, nextSeq: number): void {
    this.seq = nextSeq;
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

  /**
   * The hooks event type `type` runs: what `beforeWith` and `afterWith` take. The engine looks them
   * up once per type (with the type's evolve recipe), not on every event.
   */
  hooksFor(type: string): TypeHooks {
    return this.byType.get(type) ?? this.anyType;
  }

  before(s: Readonly<TwinState>, e: Event): void {
    const type = e.type;
    const hooks = this.hooksFor(type);
    this.lastEvent = e;
    this.lastHooks = hooks;
    this.beforeWith(hooks, s, e, type, e.cause);
  }

  /**
   * `before` with `e`'s hooks already looked up (`hooksFor(type)`), and its type and cause as the
   * caller has them (events come in many shapes: each read of a field is a lookup).
   */
  beforeWith(hooks: TypeHooks, s: Readonly<TwinState>, e: Event, type: EventType, cause: number): void {
    this.befores++;
    const log = this.log;
    // The log holds the types of this event's command before it: a new command starts it afresh.
    if (log !== null && cause !== log.cause) {
      log.cause = cause;
      log.n = 0;
    }
    if (hooks.before.length > 0) {
      hooks.beforeRuns++;
      this.run(hooks.before, this.beforeHooks, s, e, log ?? noLog);
    }
    if (log !== null) log.types[log.n++] = type;
  }

  after(s: Readonly<TwinState>, e: Event): void {
    if (e !== this.lastEvent) {
      this.lastEvent = e;
      this.lastHooks = this.hooksFor(e.type);
    }
    this.afterWith(this.lastHooks, s, e);
  }

  /** `after` with `e`'s hooks already looked up (`hooksFor(e.type)`). */
  afterWith(hooks: TypeHooks, s: Readonly<TwinState>, e: Event): void {
    this.afters++;
    if (hooks.after.length === 0) return;
    hooks.afterRuns++;
    this.run(hooks.after, this.afterHooks, s, e, noLog);
  }

  private run(slots: readonly number[], hooks: readonly (EventHook | undefined)[], s: Readonly<TwinState>, e: Event,
      earlier: Earlier): void {
    // The seq a report names: set only here, as only hooks report (most events run none).
    this.seq = e.seq;
    for (let i = 0; i < slots.length; i++) {
      const k = slots[i]!;
      this.dirty[k] = hooks[k]!(s, e, this.mem(k), this.reports[k]!, earlier) !== false;
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
