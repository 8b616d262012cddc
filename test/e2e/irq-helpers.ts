/** Shared set-up for the interrupt e2e tests: an Engine with an interrupt counter attached. */
import type { DeviceConfigInput } from '../../src/domain/config.js';
import { defaultConfig } from '../../src/domain/device.js';
import type { Command } from '../../src/domain/commands.js';
import type { Event } from '../../src/domain/events.js';
import { InterruptCounter } from '../../src/domain/msix/count.js';
import { Engine } from '../../src/engine/engine.js';

export interface IrqRig {
  engine: Engine;
  counter: InterruptCounter;
  /** Run commands back to back; returns all their events. */
  run(...cmds: Command[]): Event[];
  delivered(fn: number, vector: number): number;
  pending(fn: number, vector: number): boolean;
  /** Ids of the rules violated so far, in order. */
  rules(): string[];
  types(events: Event[]): string[];
}

export function rig(device: DeviceConfigInput = {}, seed = 1): IrqRig {
  const counter = new InterruptCounter();
  const engine = new Engine({ config: defaultConfig(device), seed, observers: [counter] });
  return {
    engine,
    counter,
    run: (...cmds) => cmds.flatMap((c) => engine.execute(c)),
    delivered: (fn, v) => counter.get(engine.state, fn, v).delivered,
    pending: (fn, v) => counter.get(engine.state, fn, v).pending,
    rules: () => engine.violations.map((v) => v.rule),
    types: (events) => events.map((e) => e.type),
  };
}

/** SR-IOV on with `numVFs` VFs, VF `fn` MSI-X enabled and queue 0 / config mapped to vectors 0 / 1. */
export function vfWithMsix(r: IrqRig, fn = 1, numVFs = 2): void {
  r.run(
    { op: 'sriov.enable', numVFs },
    { op: 'msix.enable', fn },
    { op: 'vector.map', fn, queue: 0, vector: 0 },
    { op: 'vector.map', fn, queue: 'config', vector: 1 },
  );
}
