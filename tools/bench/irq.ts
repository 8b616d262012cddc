/**
 * The interrupt-heavy workload for `npm run bench` (the harness records it to a trace and compares
 * fold replay with raw msgpack decode, like the admin workload). Pure: it only drives the Engine
 * it is given; no I/O, no clocks.
 *
 * Shape: SR-IOV on with every VF; a VF is brought up the first time it is touched, as Linux does
 * (Enable with Function Mask, program and map one entry for config and one per queue (EACH),
 * unmask them, clear Function Mask; the other entries stay masked and unprogrammed), half of them
 * bound to vfio-pci so the host side (request_irq, budget) runs too. Then, at random VFs across
 * the whole range: used-buffer and config interrupts (most events), mask -> raise -> unmask cycles
 * (PBA), Function Mask cycles, re-mapping a queue to another used entry, re-programming a masked
 * entry, and admin commands whose completions raise the PF's admin-queue vector. The driver
 * follows every driver rule, so a run records no violations. `queues` = vectors - 1 puts every
 * table entry to use (a 63-queue VF).
 */
import type { Command } from '../../src/domain/commands.js';
import type { DeviceConfigInput } from '../../src/domain/config.js';
import type { TwinState } from '../../src/domain/state.js';
import { initialState, defaultConfig } from '../../src/domain/device.js';
import type { Engine } from '../../src/engine/engine.js';
import { seededRng } from '../../src/engine/prng.js';

export interface IrqWorkloadShape {
  /** VFs (TotalVFs and NumVFs). */
  vfs: number;
  /** MSI-X table entries per VF. */
  vectors: number;
  /** Virtqueues per VF (default 2, virtio-net's receiveq1 + transmitq1); at most vectors - 1. */
  queues?: number;
}

export interface IrqWorkload {
  /** Stop once the engine has produced this many events. */
  events: number;
  seed?: number;
  /** Called every 64 K events (progress, memory sampling). */
  tick?(seq: number): void;
}

/** The device config the workload expects: a pool and a host budget large enough for all VFs. */
export function irqWorkloadConfig(shape: IrqWorkloadShape): DeviceConfigInput {
  return {
    totalVFs: shape.vfs,
    vfQueues: Math.max(1, Math.min(shape.queues ?? 2, shape.vectors - 1)),
    vfMsixVectors: shape.vectors,
    vfMsixMin: Math.min(2, shape.vectors),
    vfMsixMax: Math.max(64, shape.vectors),
    vfMsixPool: shape.vfs * shape.vectors,
    hostIrqBudget: Math.min(1 << 24, shape.vfs * shape.vectors),
  };
}

/** The state the heap figure measures: every VF created with `vectors` entries (before any traffic). */
export function irqScaleState(shape: IrqWorkloadShape): TwinState {
  const config = defaultConfig(irqWorkloadConfig(shape));
  const s = initialState(config);
  return s;
}

const message = (fn: number, v: number): { addrLo: number;
  data: number } => ({ addrLo: 0xfee00000 + ((fn & 0xff) << 12), data: 0x20 + v });

/** Linux's bring-up with interrupt policy EACH: entry 0 = config, entry 1 + q = queue q. */
function bringUp(fn: number, queues: number): Command[] {
  const used = queues + 1;
  const out: Command[] = [
    { op: 'vf.bind', fn, driver: fn % 2 ? 'vfio-pci' : 'virtio-pci' },
    { op: 'msix.functionMask', fn, masked: true },
    { op: 'msix.enable', fn },
  ];
  for (let v = 0; v < used; v++) out.push({ op: 'msix.program', fn, vector: v, ...message(fn, v) });
  out.push({ op: 'vector.map', fn, queue: 'config', vector: 0 });
  for (let q = 0; q < queues; q++) out.push({ op: 'vector.map', fn, queue: q, vector: 1 + q });
  for (let v = 0; v < used; v++) out.push({ op: 'msix.unmask', fn, vector: v });
  out.push({ op: 'msix.functionMask', fn, masked: false });
  // DRIVER_OK last: the device notifies only from then on (virtio 1.4 §2.1 Device Status Field).
  out.push({ op: 'vf.status', fn, value: 15 });
  return out;
}

/** Drive `engine` (fresh, configured with irqWorkloadConfig) until it has produced `w.events` events. */
export function runIrqWorkload(engine: Engine, w: IrqWorkload): void {
  const rng = seededRng(w.seed ?? 1);
  const vfs = engine.config.totalVFs;
  const queues = engine.config.vfQueues;
  const used = queues + 1;
  const up = new Uint8Array(vfs + 1);
  const run = (cmds: Command[]) => {
    for (const c of cmds) engine.execute(c);
  };
  engine.execute({ op: 'sriov.enable', numVFs: vfs });
  let nextTick = 1 << 16;
  let admin = 0;
  while (engine.seq < w.events) {
    const fn = rng.int(1, vfs);
    if (!up[fn]) {
      up[fn] = 1;
      run(bringUp(fn, queues));
      continue;
    }
    const q = rng.int(0, queues - 1);
    const v = rng.int(0, used - 1);
    const pick = rng.int(0, 19);
    if (pick < 12) engine.execute({ op: 'device.notify', fn, queue: q });
    else if (pick < 13) engine.execute({ op: 'device.configChange', fn });
    else if (pick < 15) {
      const mapped = engine.state.fns[fn]!.msix.queueVectors[q]!;
      run([{ op: 'msix.mask', fn, vector: mapped }, { op: 'device.notify', fn, queue: q },
        { op: 'device.notify', fn, queue: q }, { op: 'msix.unmask', fn, vector: mapped }]);
    } else if (pick < 16) {
      run([{ op: 'msix.functionMask', fn, masked: true }, { op: 'device.notify', fn, queue: q },
        { op: 'device.configChange', fn }, { op: 'msix.functionMask', fn, masked: false }]);
    } else if (pick < 17) engine.execute({ op: 'vector.map', fn, queue: q, vector: v });
    else if (pick < 18) {
      run([{ op: 'msix.mask', fn, vector: v }, { op: 'msix.program', fn, vector: v, ...message(fn + 1, v) },
        { op: 'msix.unmask', fn, vector: v }]);
    } else {
      engine.execute({ op: 'aq.submit', tag: `a${admin++}`, cmd: { opcode: 'LIST_QUERY' } });
      engine.settle();
    }
    if (engine.seq >= nextTick) {
      w.tick?.(engine.seq);
      nextTick += 1 << 16;
    }
  }
  engine.settle();
}
