/**
 * The engine core: decide -> stamp (seq, tick, cause) -> evolve on a private working copy ->
 * rules -> observers. Everything nondeterministic is injected (seeded Rng, virtual Clock).
 * This is the hot path the fuzzer and the re-execute replay drive; src/engine/pipeline.ts wraps
 * it in the RxJS streams the API exposes, and src/twin.ts adds immutable snapshots.
 */
import type { DeviceConfig } from '../domain/config.js';
import type { Command } from '../domain/commands.js';
import { decide, readyItems } from '../domain/decide.js';
import type { Event, EventBody } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { WorkItem } from '../domain/items.js';
import { profileByName, type Profile } from '../domain/profiles.js';
import type { TwinState } from '../domain/state.js';
import { bootState } from '../domain/boot.js';
import { ALL_RULES } from '../rules/index.js';
import { RuleMonitor, type Rule, type Violation } from '../rules/framework.js';
import { InputError } from '../errors.js';
import { virtualClock, type Clock } from './clock.js';
import { seededRng, type Rng } from './prng.js';
import { Scheduler } from './scheduler.js';

export interface EngineObserver {
  onCommand?(index: number, tick: number, cmd: Command): void;
  onEvent?(e: Event, state: Readonly<TwinState>): void;
  onViolation?(v: Violation): void;
  /** The run settled (nothing ready; liveness judged) after event `lastSeq`. */
  onSettle?(lastSeq: number): void;
}

export interface EngineOptions {
  config: DeviceConfig;
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
  if (!p) throw new InputError(`unknown profile ${JSON.stringify(name)}`);
  return p;
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

  constructor(opts: EngineOptions) {
    this.config = opts.config;
    this.profile = resolveProfile(opts.config.profile);
    this.rng = opts.rng ?? seededRng(opts.seed ?? 0);
    this.clock = opts.clock ?? virtualClock();
    this.observers = opts.observers ?? [];
    const onViolation = (v: Violation) => {
      for (const o of this.observers) o.onViolation?.(v);
    };
    this.monitor = new RuleMonitor(opts.rules ?? ALL_RULES, onViolation);
    this.scheduler = new Scheduler(this.rng);
    this.state = opts.state ?? bootState(opts.config);
    this.seq = opts.nextSeq ?? 0;
    this.commandIndex = opts.nextCommand ?? 0;
  }

  addObserver(o: EngineObserver): void {
    this.observers.push(o);
  }

  get violations(): readonly Violation[] {
    return this.monitor.violations;
  }

  /** Run one command to completion; returns the events it produced (already applied). */
  execute(cmd: Command): Event[] {
    const index = this.commandIndex++;
    const tick = this.clock.now();
    for (const o of this.observers) o.onCommand?.(index, tick, cmd);
    this.monitor.command(this.state, cmd, this.seq);
    const bodies = decide(this.state, cmd, { profile: this.profile });
    const events = bodies as Event[];
    for (let i = 0; i < bodies.length; i++) {
      const e = bodies[i] as EventBody & Partial<Event>;
      e.seq = this.seq++;
      e.tick = tick;
      e.cause = index;
      this.apply(e as Event);
    }
    this.clock.advance(cmd.op === 'time.advance' ? cmd.ticks : 1);
    return events;
  }

  /** Apply one stamped event: rules before and after, then observers (src/explore/machine.ts hooks in here). */
  protected apply(e: Event): void {
    this.monitor.before(this.state, e);
    evolve(this.state, e);
    this.monitor.after(this.state, e);
    for (const o of this.observers) o.onEvent?.(e, this.state);
  }

  ready(): WorkItem[] {
    return readyItems(this.state, this.profile);
  }

  /** One scheduler pick among ready items (honouring pins). Returns the item run, or null. */
  step(filter?: (item: WorkItem) => boolean): WorkItem | null {
    const item = this.scheduler.pick(this.state, this.ready(), filter);
    if (item) this.execute({ op: 'device.run', item });
    return item;
  }

  /**
   * Run until nothing is ready, then check liveness. `maxSteps` bounds a device that keeps
   * producing work (a bug, or a deliberately livelocked profile).
   */
  settle(maxSteps = 1_000_000): number {
    let n = 0;
    while (n < maxSteps && this.step()) n++;
    this.settled();
    return n;
  }

  /** Nothing is ready: judge liveness and tell observers (a trace records the settle point). */
  settled(): void {
    this.monitor.settle(this.state, Math.max(0, this.seq - 1));
    for (const o of this.observers) o.onSettle?.(this.seq - 1);
  }
}
