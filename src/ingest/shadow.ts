/**
 * The shadow run (README "Captured traces"): an Engine driven by the capture's steps, its device work
 * pinned to the order the capture shows, every observation compared with the twin's prediction at
 * that point. What the capture cannot see (the mapper's admin commands, the device starting a
 * command, the PF driver reaping it) is the work the observed step needs, run in the engine's own
 * menu order; what no such work explains is a divergence.
 */
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import type { Event } from '../domain/events.js';
import type { WorkItem } from '../domain/items.js';
import { Engine, type EngineObserver } from '../engine/engine.js';
import { hashState } from '../engine/hash.js';
import type { Rule } from '../rules/framework.js';
import { ALL_RULES } from '../rules/index.js';
import { divergence, type Divergence, type DivergenceInput } from './divergence.js';
import { History } from './history.js';
import type { Plan } from './plan.js';
import { AdminShadow, runPfStatus, runPfStatusRead, runSriov, runVfsCreated } from './shadowAq.js';
import { outcomeKey, type OutcomeKey, type ShadowCtx } from './shadowCtx.js';
import { runIo } from './shadowIo.js';
import { runIrq, runMap, runMsix, runMsixRead, runPbaRead } from './shadowIrq.js';
import { StatusShadow, runVfStatus, runVfStatusRead } from './shadowStatus.js';
import type { Assumption, Step } from './steps.js';

export interface ShadowOptions {
  /** Observers of the run (a trace recorder); each command is offered with its capture line. */
  observers?: EngineObserver[];
  /** Called with the capture line of the commands that follow (null: setup before line 1). */
  onLine?: (line: number | null) => void;
  /** Report driver and guest rule violations the capture's inputs cause (default true). */
  driverRules?: boolean;
}

export interface ShadowResult {
  divergences: Divergence[];
  observations: number;
  events: number;
  engine: Engine;
  /** What the run assumed on the way (a VF's status the capture did not show), at its line. */
  assumptions: Assumption[];
}

/** The actors whose rule violations are the capture's own doing, not the twin device's. */
const INPUT_ACTORS: ReadonlySet<string> = new Set(['guest', 'pf-driver']);

/** Their rules: all a report can show (`inputViolations`). */
const INPUT_RULES = ALL_RULES.filter((r) => INPUT_ACTORS.has(r.actor));

/**
 * The rules a run checks. With an observer (a trace being written, which records every violation)
 * every rule; else only those whose violations the report shows: the device's and the host's never
 * reach it, and checking them was about a quarter of a long ingest. The state, the events and so
 * the report are the same either way (rules only watch).
 */
function shadowRules(opts: ShadowOptions): readonly Rule[] {
  if (opts.observers?.length) return ALL_RULES;
  return opts.driverRules === false ? [] : INPUT_RULES;
}

class ShadowRun implements ShadowCtx {
  readonly engine: Engine;
  readonly history = new History();
  readonly status: StatusShadow;
  readonly divergences: Divergence[] = [];
  observations = 0;
  private readonly outcomes = new Map<OutcomeKey, number>();
  private readonly admin: AdminShadow;
  private line = 0;
  private seenViolations = 0;
  /** Inside `raise`: the outcome is the caller's to compare. */
  private raising = false;

  constructor(
    readonly plan: Plan,
    config: DeviceConfig,
    private readonly opts: ShadowOptions,
  ) {
    this.engine = new Engine({ config, seed: 0, observers: opts.observers ?? [], rules: shadowRules(opts) });
    this.admin = new AdminShadow(this);
    this.status = new StatusShadow(this);
  }

  exec(cmd: Command): Event[] {
    const events = this.engine.execute(cmd);
    for (let i = 0; i < events.length; i++) this.track(events[i]!);
    return events;
  }

  raise(cmd: Command): Event[] {
    this.raising = true;
    try {
      return this.exec(cmd);
    } finally {
      this.raising = false;
    }
  }

  /**
   * Bookkeeping on every event: history, completions, status, and interrupt outcomes not yet
   * accounted for. Most events need none: one switch sends the few that do.
   */
  private track(e: Event): void {
    switch (e.type) {
      case 'isr/set':
        this.history.event(e);
        break;
      case 'legacy/reset':
        this.history.event(e);
        this.status.event(e);
        return;
      case 'legacy/statusWritten':
        this.status.event(e);
        return;
      case 'aq/completed':
        this.admin.event(e);
        return;
      case 'msix/delivered':
      case 'msix/pended':
      case 'msix/unmapped':
        break;
      default:
        return;
    }
    if (this.raising) return;
    let key: OutcomeKey | null = null;
    if (e.type === 'msix/delivered' && (e.source !== 'pba' || this.plan.pbaDeliveriesLogged))
      key = outcomeKey(e.fn, e.vector, 'sent');
    else if (e.type === 'msix/pended') key = outcomeKey(e.fn, e.vector, 'pending');
    else if (e.type === 'msix/unmapped') key = outcomeKey(e.fn, null, 'none');
    else if (e.type === 'isr/set' && !this.engine.state.fns[e.fn]!.msix.enabled) key = outcomeKey(e.fn, 'intx', 'sent');
    if (key !== null) this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  takeOutcome(key: OutcomeKey): boolean {
    const n = this.outcomes.get(key) ?? 0;
    if (n === 0) return false;
    if (n === 1) this.outcomes.delete(key);
    else this.outcomes.set(key, n - 1);
    return true;
  }

  drive<T>(want: (item: WorkItem) => boolean, until: (events: Event[]) => T | null): T | null {
    for (;;) {
      const ready = this.engine.ready();
      const item = ready.find(want);
      if (!item) return null;
      const events = this.engine.runReady(item, ready);
      for (let i = 0; i < events.length; i++) this.track(events[i]!);
      const found = until(events);
      if (found !== null) return found;
    }
  }

  observed(): void {
    this.observations++;
  }

  diverge(d: DivergenceInput): void {
    this.divergences.push(divergence(d));
  }

  lastSeq(): number {
    return Math.max(0, this.engine.seq - 1);
  }

  /** Bind the VFs the plan binds before its first step. */
  begin(): void {
    for (const b of this.plan.bind) {
      this.opts.onLine?.(b.line);
      this.exec({ op: 'vf.bind', fn: b.fn, driver: 'virtio-vfio-pci' });
    }
  }

  /** Run `steps`, the capture's next ones. */
  feed(steps: readonly Step[]): void {
    // Indexed: this loop runs once per capture step, and its for-of allocated an iterator result each time.
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.line !== this.line) {
        this.line = s.line;
        this.opts.onLine?.(s.line);
      }
      this.step(s);
      if (this.opts.driverRules !== false && this.engine.violations.length > this.seenViolations)
        this.inputViolations(s.line);
    }
  }

  /** After the last step: the twin settles, and what it left undone is judged. */
  end(): ShadowResult {
    this.opts.onLine?.(null);
    this.engine.settle();
    if (this.opts.driverRules !== false) this.inputViolations(this.line);
    const { divergences, observations, engine } = this;
    return { divergences, observations, events: engine.seq, engine, assumptions: this.status.assumptions };
  }

  private step(s: Step): void {
    switch (s.k) {
      case 'io':
        return runIo(this, s);
      case 'msix':
        return runMsix(this, s);
      case 'program':
        this.exec({ op: 'msix.program', fn: s.fn, vector: s.vector, addrLo: s.addrLo, addrHi: s.addrHi, data: s.data });
        return;
      case 'msixRead':
        return runMsixRead(this, s);
      case 'map':
        return runMap(this, s);
      case 'pbaRead':
        return runPbaRead(this, s);
      case 'irq':
        return runIrq(this, s);
      case 'sriov':
        return runSriov(this, s);
      case 'vfsCreated':
        return runVfsCreated(this, s);
      case 'pfStatus':
        return runPfStatus(this, s, this.plan.format === 'qemu-log');
      case 'pfStatusRead':
        return runPfStatusRead(this, s);
      case 'vfStatus':
        return runVfStatus(this, s);
      case 'vfStatusRead':
        return runVfStatusRead(this, s);
      case 'pfReset':
        this.exec({ op: 'pf.reset' });
        return;
      case 'submit':
        return this.admin.submit(s);
      case 'complete':
        return this.admin.complete(s);
      case 'notify':
        this.exec({ op: 'notify.write', fn: s.fn, bar: s.bar, offset: s.offset, value: s.value });
        return;
    }
  }

  /** Driver and guest rule violations the capture's inputs caused: the real driver's departures. */
  private inputViolations(line: number): void {
    const all = this.engine.violations;
    for (; this.seenViolations < all.length; this.seenViolations++) {
      const v = all[this.seenViolations]!;
      if (!INPUT_ACTORS.has(v.actor)) continue;
      this.diverge({
        line,
        seq: v.seq,
        fn: 0,
        what: `the ${v.actor} broke ${v.rule}`,
        observed: v.message,
        expected: 'no violation',
        rule: v.rule,
      });
    }
  }
}

/** Run `plan` on a twin with `config`; the divergences come in capture order. */
export function shadowRun(plan: Plan, config: DeviceConfig, opts: ShadowOptions = {}): ShadowResult {
  const r = startShadow(plan, config, opts);
  r.feed(plan.steps);
  return r.end();
}

/** What a report needs of a shadow run: its engine reduced to the final state's hash. */
export interface RunOutcome {
  divergences: Divergence[];
  observations: number;
  events: number;
  /** The run's own assumptions (a VF status the capture did not show). */
  assumptions: Assumption[];
  stateHash: string;
}

export const runOutcome = (r: ShadowResult): RunOutcome => ({ divergences: r.divergences,
  observations: r.observations, events: r.events, assumptions: r.assumptions, stateHash: hashState(r.engine.state) });

/** A shadow run that is fed `plan`'s steps as they are planned (../stream.ts): `feed` them in order, then `end`. */
export interface ShadowFeed {
  feed(steps: readonly Step[]): void;
  end(): ShadowResult;
}

/** A run of `plan` on a twin with `config`, its VFs bound, waiting for the steps (`plan.steps` is not read). */
export function startShadow(plan: Plan, config: DeviceConfig, opts: ShadowOptions = {}): ShadowFeed {
  const r = new ShadowRun(plan, config, opts);
  r.begin();
  return r;
}
