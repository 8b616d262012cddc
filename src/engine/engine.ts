/**
 * The engine core: decide -> stamp (seq, tick, cause) -> evolve on a private working copy ->
 * rules -> observers. Everything nondeterministic is injected (seeded Rng, virtual Clock).
 * This is the hot path the fuzzer and the re-execute replay drive; src/engine/pipeline.ts wraps
 * it in the RxJS streams the API exposes, and src/twin.ts adds immutable snapshots.
 */
import type { DeviceConfig, DeviceConfigInput } from '../domain/config.js';
import { ensureConfig } from '../domain/device.js';
import type { Command } from '../domain/commands.js';
import { decide, deciderFor, readyItems } from '../domain/decide.js';
import type { Event, EventBody, EventType } from '../domain/events.js';
import { evolve, recipeFor } from '../domain/evolve.js';
import type { Decider, Recipe } from '../domain/decider.js';
import type { WorkItem } from '../domain/items.js';
import { profileByName, profileNames, type Profile } from '../domain/profiles.js';
import { knownNames } from '../util/closest.js';
import type { TwinState } from '../domain/state.js';
import { bootState } from '../domain/boot.js';
import { ALL_RULES } from '../rules/index.js';
import { RuleMonitor, type Rule, type TypeHooks, type Violation } from '../rules/framework.js';
import { InputError, ObserverError } from '../errors.js';
import { virtualClock, type Clock } from './clock.js';
import { seededRng, type Rng } from './prng.js';
import { Scheduler } from './scheduler.js';
import { settleGuarded } from './settle.js';

export { settleGuarded } from './settle.js';

export interface EngineObserver {
  onCommand?(index: number, tick: number, cmd: Command): void;
  onEvent?(e: Event, state: Readonly<TwinState>): void;
  onViolation?(v: Violation): void;
  /** The run settled (nothing ready; liveness judged) after event `lastSeq`. */
  onSettle?(lastSeq: number): void;
}

export interface EngineOptions {
  /** The device: a resolved config, or options to resolve (`{ totalVFs: 2 }`; omitted ones take defaults). */
  config: DeviceConfig | DeviceConfigInput;
  seed?: number;
  rng?: Rng;
  clock?: Clock;
  /** Rules to check; default all. `[]` turns checking off. */
  rules?: readonly Rule[];
  observers?: EngineObserver[];
  /** Start from this state (e.g. a snapshot) instead of the config's initial state. Not copied. */
  state?: TwinState;
  /** Continue numbering from here (when starting from a snapshot). */
  nextSeq?: number;
  nextCommand?: number;
}

export function resolveProfile(name: string): Profile {
  const p = profileByName(name);
  if (!p) throw new InputError(`unknown profile ${JSON.stringify(name)}; a known profile, ` +
    `${knownNames(name, profileNames(), '`vtwin profiles`')}`);
  return p;
}

interface CommandEntry {
  decide: Decider;
  slots: readonly number[];
  /**
   * The type entries of the events the op's last run produced, by position: the next run's
   * events are nearly always of the same types, checked by comparing the type strings.
   */
  types: (TypeEntry | undefined)[];
}

/** An event type's evolve recipe and the rule hooks it runs. */
interface TypeEntry {
  type: EventType;
  recipe: Recipe;
  hooks: TypeHooks;
}

export class Engine {
  readonly config: DeviceConfig;
  readonly profile: Profile;
  readonly rng: Rng;
  readonly clock: Clock;
  readonly monitor: RuleMonitor;
  readonly scheduler: Scheduler;
  /** The working copy. Mutated in place by every event: read it, never keep references into it. */
  state: TwinState;
  seq: number;
  commandIndex: number;
  private readonly observers: EngineObserver[];
  /**
   * Per event type, its evolve recipe and the rule hooks it runs, looked up together: an event
   * costs at most one lookup by its type string (none when its command's last run had an event of
   * that type at that position: CommandEntry.types) instead of one in the monitor and one in evolve.
   */
  private readonly byType = new Map<string, TypeEntry>();
  /** The entry of the event being applied (executeWith finds it for apply). */
  private entry: TypeEntry | null = null;
  /**
   * Per command op (per work kind for `device.run`), its decider and the rule hooks it runs, looked
   * up together: a command then costs one lookup instead of one in decide and one in the monitor.
   */
  private readonly byOp = new Map<string, CommandEntry>();
  private readonly byWork = new Map<string, CommandEntry>();
  /** What every decision reads besides the state (one object for the run: deciders only read it). */
  private readonly decideCtx: { profile: Profile; readyCount: number | undefined };

  constructor(opts: EngineOptions) {
    this.config = ensureConfig(opts.config);
    this.profile = resolveProfile(this.config.profile);
    this.decideCtx = { profile: this.profile, readyCount: undefined };
    this.rng = opts.rng ?? seededRng(opts.seed ?? 0);
    this.clock = opts.clock ?? virtualClock();
    this.observers = opts.observers ?? [];
    const onViolation = (v: Violation) => {
      for (const o of this.observers) {
        if (!o.onViolation) continue;
        try {
          o.onViolation(v);
        } catch (err) {
          this.observerFailed('onViolation', v.seq, err);
        }
      }
    };
    this.monitor = new RuleMonitor(opts.rules ?? ALL_RULES, onViolation);
    this.scheduler = new Scheduler(this.rng);
    this.state = opts.state ?? bootState(this.config);
    this.seq = opts.nextSeq ?? 0;
    this.commandIndex = opts.nextCommand ?? 0;
  }

  addObserver(o: EngineObserver): void {
    this.observers.push(o);
  }

  get violations(): readonly Violation[] {
    return this.monitor.violations;
  }

  /**
   * Run one command to completion; returns the events it produced (already applied). The command
   * is trusted (the hot path of fuzz and replay): `Twin.execute` validates first. An observer that
   * throws does not stop the command: every event is applied, checked and shown to the other
   * observers, then an ObserverError carries the first exception (README "Library API").
   */
  execute(cmd: Command): Event[] {
    return this.executeWith(cmd, undefined);
  }

  /**
   * Run `item`, picked from `ready`, which must be `this.ready()` of the current state (listed
   * with nothing applied since): the decision reuses its length instead of listing the menu again.
   */
  runReady(item: WorkItem, ready: readonly WorkItem[]): Event[] {
    return this.executeWith({ op: 'device.run', item }, ready.length);
  }

  private executeWith(cmd: Command, readyCount: number | undefined): Event[] {
    // decide is pure: a command it cannot take throws before anything (index, observers) moved.
    const ctx = this.decideCtx;
    const c = this.commandEntry(cmd);
    ctx.readyCount = readyCount;
    // An op no decider takes: decide refuses it.
    const bodies = c === null ? decide(this.state, cmd, ctx) : c.decide(this.state, cmd, ctx);
    ctx.readyCount = undefined;
    const index = this.commandIndex++;
    const tick = this.clock.now();
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) {
      const o = obs[i]!;
      if (!o.onCommand) continue;
      try {
        o.onCommand(index, tick, cmd);
      } catch (err) {
        this.observerFailed('onCommand', this.seq, err);
      }
    }
    this.monitor.commandWith(c!.slots, this.state, cmd, this.seq);
    const events = bodies as Event[];
    // The hottest event literals carry these three slots already (0, last, in this order), marked
    // "slotted": filling a slot keeps the object's shape, where adding a property reshapes it and
    // allocates (~4% of a long ingest). Either way the fields come out in the same order.
    const types = c!.types;
    for (let i = 0; i < bodies.length; i++) {
      const e = bodies[i] as EventBody & Partial<Event>;
      e.seq = this.seq++;
      e.tick = tick;
      e.cause = index;
      const type = e.type;
      let t = types[i];
      if (t === undefined || t.type !== type) types[i] = t = this.byType.get(type) ?? this.typeEntry(type);
      this.entry = t;
      this.apply(e as Event);
    }
    this.clock.advance(cmd.op === 'time.advance' ? cmd.ticks : 1);
    this.throwObserverFailure(events);
    return events;
  }

  /**
   * Apply one stamped event, whose type entry executeWith found (`entry`): rules before and after,
   * then observers (src/explore/machine.ts hooks in here).
   */
  protected apply(e: Event): void {
    const t = this.entry!;
    this.monitor.beforeWith(t.hooks, this.state, e, t.type, e.cause);
    t.recipe(this.state, e);
    this.monitor.afterWith(t.hooks, this.state, e);
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) {
      const o = obs[i]!;
      if (!o.onEvent) continue;
      try {
        o.onEvent(e, this.state);
      } catch (err) {
        this.observerFailed('onEvent', e.seq, err);
      }
    }
  }

  private commandEntry(cmd: Command): CommandEntry | null {
    const run = cmd.op === 'device.run';
    const map = run ? this.byWork : this.byOp;
    const key = run ? cmd.item.kind : cmd.op;
    const found = map.get(key);
    if (found !== undefined) return found;
    const d = deciderFor(cmd.op);
    if (d === undefined) return null;
    const entry = { decide: d, slots: this.monitor.commandSlotsFor(cmd), types: [] };
    map.set(key, entry);
    return entry;
  }

  private typeEntry(type: EventType): TypeEntry {
    // An unknown type (never from decide) goes through evolve, which refuses it as it always did.
    const entry = { type, recipe: recipeFor(type) ?? evolve, hooks: this.monitor.hooksFor(type) };
    this.byType.set(type, entry);
    return entry;
  }

  /** The first observer exception since the last command ended (the rest would only repeat it). */
  private failure: ObserverError | null = null;

  private observerFailed(hook: string, seq: number, err: unknown): void {
    this.failure ??= new ObserverError(hook, seq, err);
  }

  private throwObserverFailure(events: readonly Event[]): void {
    const f = this.failure;
    if (!f) return;
    this.failure = null;
    throw new ObserverError(f.hook, f.seq, f.cause, events);
  }

  ready(): WorkItem[] {
    return readyItems(this.state, this.profile);
  }

  /** One scheduler pick among ready items (honouring pins). Returns the item run, or null. */
  step(filter?: (item: WorkItem) => boolean): WorkItem | null {
    const ready = this.ready();
    const item = this.scheduler.pick(this.state, ready, filter);
    if (item) this.runReady(item, ready);
    return item;
  }

  /**
   * Run until nothing is ready, then check liveness. `maxSteps` bounds a device that keeps
   * producing work (a bug, or a deliberately livelocked profile).
   */
  settle(maxSteps = 1_000_000): number {
    return settleGuarded(() => this.step(), () => this.settled(), maxSteps);
  }

  /** Nothing is ready: judge liveness and tell observers (a trace records the settle point). */
  settled(): void {
    this.monitor.settle(this.state, Math.max(0, this.seq - 1));
    for (const o of this.observers) {
      if (!o.onSettle) continue;
      try {
        o.onSettle(this.seq - 1);
      } catch (err) {
        this.observerFailed('onSettle', this.seq - 1, err);
      }
    }
    this.throwObserverFailure([]);
  }
}
