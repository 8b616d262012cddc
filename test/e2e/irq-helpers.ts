/**
 * Shared set-up for the interrupt e2e tests: an Engine with the scenario runner's RunLog attached,
 * so the tests read the same interrupt tally `expect: interrupts` and `run --json` report.
 */
import type { DeviceConfigInput } from '../../src/domain/config.js';
import { defaultConfig } from '../../src/domain/device.js';
import type { Command } from '../../src/domain/commands.js';
import type { Event } from '../../src/domain/events.js';
import { Engine } from '../../src/engine/engine.js';
import { pendingBit, RunLog } from '../../src/scenario/log.js';

export interface IrqRig {
  engine: Engine;
  log: RunLog;
  /** Run commands back to back; returns all their events. */
  run(...cmds: Command[]): Event[];
  /** Messages delivered on (fn, vector) so far, as the scenario runner counts them. */
  delivered(fn: number, vector: number): number;
  /** The vector's PBA bit now. */
  pending(fn: number, vector: number): boolean;
  /** Messages the device sent on (fn, vector) that the host lost (host/irqLost events). */
  lost(fn: number, vector: number): number;
  /** Ids of the rules violated so far, in order. */
  rules(): string[];
  types(events: Event[]): string[];
}

export function rig(device: DeviceConfigInput = {}, seed = 1): IrqRig {
  const log = new RunLog();
  const lost: Event[] = [];
  const engine = new Engine({ config: defaultConfig(device), seed,
    observers: [log, { onEvent: (e) => void (e.type === 'host/irqLost' && lost.push(e)) }] });
  return {
    engine,
    log,
    run: (...cmds) => cmds.flatMap((c) => engine.execute(c)),
    delivered: (fn, v) => log.delivered(fn, v),
    pending: (fn, v) => pendingBit(engine.state, fn, v),
    lost: (fn, v) => lost.filter((e) => e.type === 'host/irqLost' && e.fn === fn && e.vector === v).length,
    rules: () => engine.violations.map((v) => v.rule),
    types: (events) => events.map((e) => e.type),
  };
}

/**
 * SR-IOV on with `numVFs` VFs, VF `fn` MSI-X enabled and queue 0 / config mapped to vectors 0 / 1,
 * then DRIVER_OK (the device notifies only then: virtio 1.4 §2.1 Device Status Field).
 */
export function vfWithMsix(r: IrqRig, fn = 1, numVFs = 2): void {
  r.run(
    { op: 'sriov.enable', numVFs },
    { op: 'msix.enable', fn },
    { op: 'vector.map', fn, queue: 0, vector: 0 },
    { op: 'vector.map', fn, queue: 'config', vector: 1 },
    { op: 'vf.status', fn, value: 15 },
  );
}
