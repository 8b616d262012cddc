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
import { itemKey, type WorkItem } from './domain/items.js';
import type { TwinState } from './domain/state.js';
import { Engine, settleGuarded, type EngineObserver } from './engine/engine.js';
import { pipeline, type Pipeline } from './engine/pipeline.js';
import type { Rule, Violation } from './rules/framework.js';
import { CommandError } from './errors.js';
import { validateCommand } from './scenario/command.js';

export interface TwinOptions {
  device?: DeviceConfigInput | DeviceConfig;
  seed?: number;
  rules?: readonly Rule[];
  observers?: EngineObserver[];
  /** Keep immutable snapshots in `state` / `state$` (default true). Off = faster, `state` is live. */
  snapshots?: boolean;
  /**
   * Validate every command as a scenario step is validated (default true). `false` trusts them:
   * for commands already validated, e.g. the steps of a loaded scenario.
   */
  validate?: boolean;
}

export class Twin {
  readonly engine: Engine;
  readonly streams: Pipeline;
  private snapshot: Readonly<TwinState> | null = null;
  private readonly subs: Subscription[] = [];
  private collected: Event[] = [];

  private readonly validate: boolean;

  private constructor(engine: Engine, snapshots: boolean, validate: boolean) {
    this.engine = engine;
    this.validate = validate;
    this.streams = pipeline(engine);
    this.subs.push(this.streams.event$.subscribe((e) => this.collected.push(e)));
    if (snapshots) this.subs.push(this.streams.state$.subscribe((s) => (this.snapshot = s)));
  }

  static create(opts: TwinOptions = {}): Twin {
    const config = resolveConfig(opts.device ?? {});
    const engine = new Engine({ config, seed: opts.seed ?? 0, rules: opts.rules, observers: opts.observers });
    return new Twin(engine, opts.snapshots ?? true, opts.validate ?? true);
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

  /**
   * Push one command through the pipeline; returns the events it produced. A command the twin
   * cannot take throws a CommandError naming the field, before anything happens; an observer that
   * throws gets the command applied in full, then an ObserverError. Either way the twin takes the
   * next command.
   */
  execute(cmd: Command): Event[] {
    return this.push(this.validate ? this.checked(cmd) : cmd);
  }

  private push(cmd: Command): Event[] {
    this.collected = [];
    this.streams.command$.next(cmd);
    const failure = this.streams.takeFailure();
    if (failure !== undefined) throw failure;
    return this.collected;
  }

  private checked(cmd: Command): Command {
    if ((cmd as { op?: unknown } | null)?.op !== 'device.run') return validateCommand(cmd, this.config);
    // Work items are the scheduler's: only one that is ready now can run (matched by key).
    const item = (cmd as { item?: unknown }).item;
    const ready = this.engine.ready();
    const key = item !== null && typeof item === 'object' && typeof (item as WorkItem).kind === 'string'
      ? itemKey(item as WorkItem) : null;
    const found = ready.find((r) => itemKey(r) === key);
    if (!found) throw new CommandError('device.run', 'item',
      `a work item that is ready now (ready: ${ready.map(itemKey).join(', ') || 'nothing'})`);
    return { op: 'device.run', item: found };
  }

  ready(): WorkItem[] {
    return this.engine.ready();
  }

  /** Let the scheduler run one ready item (optionally only among those `filter` accepts). */
  step(filter?: (item: WorkItem) => boolean): WorkItem | null {
    const item = this.engine.scheduler.pick(this.engine.state, this.engine.ready(), filter);
    if (item) this.push({ op: 'device.run', item });
    return item;
  }

  /** Run until nothing is ready, then check liveness rules. Returns the number of steps. */
  settle(maxSteps = 1_000_000): number {
    return settleGuarded(() => this.step(), () => this.engine.settled(), maxSteps);
  }

  dispose(): void {
    for (const s of this.subs) s.unsubscribe();
    this.streams.command$.complete();
  }
}
