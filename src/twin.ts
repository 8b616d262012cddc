/**
 * Twin: the library's front door. Drive a virtio PF + SR-IOV device from your own tests:
 *
 *   const twin = Twin.create({ device: { totalVFs: 4 }, seed: 7 });
 *   twin.execute({ op: 'sriov.enable', numVFs: 4 });
 *   twin.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } });
 *   twin.settle();
 *   twin.state.aq.inUse;     // immutable snapshot (immer)
 *   twin.violations;         // rule violations so far
 */
import type { Subscription } from 'rxjs';
import type { DeviceConfig, DeviceConfigInput } from './domain/config.js';
import { resolveConfig } from './domain/device.js';
import type { Command } from './domain/commands.js';
import type { Event } from './domain/events.js';
import type { WorkItem } from './domain/items.js';
import type { TwinState } from './domain/state.js';
import { Engine, type EngineObserver } from './engine/engine.js';
import { pipeline, type Pipeline } from './engine/pipeline.js';
import type { Rule, Violation } from './rules/framework.js';

export interface TwinOptions {
  device?: DeviceConfigInput | DeviceConfig;
  seed?: number;
  rules?: readonly Rule[];
  observers?: EngineObserver[];
  /** Keep immutable snapshots in `state` / `state$` (default true). Off = faster, `state` is live. */
  snapshots?: boolean;
}

export class Twin {
  readonly engine: Engine;
  readonly streams: Pipeline;
  private snapshot: Readonly<TwinState> | null = null;
  private readonly subs: Subscription[] = [];
  private collected: Event[] = [];

  private constructor(engine: Engine, snapshots: boolean) {
    this.engine = engine;
    this.streams = pipeline(engine);
    this.subs.push(this.streams.event$.subscribe((e) => this.collected.push(e)));
    if (snapshots) this.subs.push(this.streams.state$.subscribe((s) => (this.snapshot = s)));
  }

  static create(opts: TwinOptions = {}): Twin {
    const config = resolveConfig(opts.device ?? {});
    const engine = new Engine({ config, seed: opts.seed ?? 0, rules: opts.rules, observers: opts.observers });
    return new Twin(engine, opts.snapshots ?? true);
  }

  get config(): DeviceConfig {
    return this.engine.config;
  }

  /** The latest immutable snapshot (or the live working copy when snapshots are off). */
  get state(): Readonly<TwinState> {
    return this.snapshot ?? this.engine.state;
  }

  get violations(): readonly Violation[] {
    return this.engine.violations;
  }

  /** Push one command through the pipeline; returns the events it produced. */
  execute(cmd: Command): Event[] {
    this.collected = [];
    this.streams.command$.next(cmd);
    return this.collected;
  }

  ready(): WorkItem[] {
    return this.engine.ready();
  }

  /** Let the scheduler run one ready item (optionally only among those `filter` accepts). */
  step(filter?: (item: WorkItem) => boolean): WorkItem | null {
    const item = this.engine.scheduler.pick(this.engine.state, this.engine.ready(), filter);
    if (item) this.execute({ op: 'device.run', item });
    return item;
  }

  /** Run until nothing is ready, then check liveness rules. Returns the number of steps. */
  settle(maxSteps = 1_000_000): number {
    let n = 0;
    while (n < maxSteps && this.step()) n++;
    this.engine.settled();
    return n;
  }

  dispose(): void {
    for (const s of this.subs) s.unsubscribe();
    this.streams.command$.complete();
  }
}
