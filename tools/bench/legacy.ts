/**
 * The legacy-heavy workload (README "Legacy access and virtio-net control", Speed): guests on every VF bring their
 * transitional VF up
 * through its virtual I/O BAR0 (the host mapper turns each access into a legacy admin command),
 * then keep kicking queues (notify at 16: a direct write to the NOTIFY_INFO address), reading the
 * ISR and the MAC, while the PF sets MACs / RX modes / VLANs through EXT_NET_ADMIN_CTRL and
 * trusted VFs use their own control queue. VFs are worked in a rolling window so that every VF is
 * touched and the scheduler's menu stays bounded: the per-event cost must not depend on the VF
 * count. The driver and guests follow every rule, so the run records no violations.
 *
 * `runLegacyWorkload(engine, w)` drives a fresh engine (the bench harness records it to a trace);
 * `legacyBench(numVFs, events)` builds the engine and returns what to measure. Run this file
 * directly for the events/s figures at 8 and 4096 VFs: `node dist/tools/bench/legacy.js`.
 */
import { pathToFileURL } from 'node:url';
import type { Command } from '../../src/domain/commands.js';
import { resolveConfig } from '../../src/domain/device.js';
import { Engine } from '../../src/engine/engine.js';
import { seededRng, type Rng } from '../../src/engine/prng.js';

export interface LegacyWorkload {
  /** Stop once the engine has produced this many events. */
  events: number;
  seed?: number;
  /** VFs with guest work in flight at once (default 8). */
  window?: number;
  /** Called about every 64 K events. */
  tick?(seq: number): void;
}

/** Device config the workload expects: `numVFs` net VFs, trusted, MSI-X table of 4. */
export function legacyBenchDevice(numVFs: number) {
  return resolveConfig({ totalVFs: numVFs, aqDepth: 256, netVfTrusted: true, vfMsixPool: Math.max(256, numVFs * 4) },
    'legacy bench');
}

const BRING_UP: readonly [number, number, number][] = [
  [18, 1, 0], // reset
  [18, 1, 1], // ACKNOWLEDGE
  [18, 1, 3], // DRIVER
  [4, 4, 0x30020], // MAC | STATUS | CTRL_VQ
  [14, 2, 0],
  [8, 4, 0x1000],
  [14, 2, 1],
  [8, 4, 0x1001],
  [18, 1, 7], // DRIVER_OK
];

function work(rng: Rng, fn: number, tag: () => string): Command[] {
  switch (rng.int(0, 7)) {
    case 0:
    case 1:
    case 2:
      return [
        { op: 'guest.queue.add', fn, queue: rng.int(0, 1), count: rng.int(1, 4) },
        { op: 'guest.io.write', fn, offset: 16, size: 2, value: rng.int(0, 1) },
        { op: 'guest.io.read', fn, offset: 19, size: 1 },
      ];
    case 3:
      return [{ op: 'guest.io.read', fn, offset: 20 + rng.int(0, 5), size: 1 }];
    case 4:
      return [{ op: 'aq.submit', tag: tag(), cmd: { opcode: 'EXT_NET_ADMIN_CTRL', member: fn, class: 'MAC',
        command: 'ADDR_SET', mac: `02${fn.toString(16).padStart(8, '0')}${rng.int(16, 255).toString(16)}` } }];
    case 5:
      return [{ op: 'aq.submit', tag: tag(), cmd: { opcode: 'EXT_NET_ADMIN_CTRL', member: fn, class: 'VLAN',
        command: 'ADD', vid: rng.int(1, 4094) } }];
    case 6:
      return [{ op: 'guest.cvq', fn, class: 'RX', command: 'ALLMULTI', on: rng.chance(1, 2) }];
    default:
      return [{ op: 'guest.io.read', fn, offset: 18, size: 1 }];
  }
}

/**
 * Enable SR-IOV and bring every VF up through the mapper, `window` VFs at a time (the part of the
 * workload whose length grows with the VF count; the harness may leave it out of the timing).
 */
export function setupLegacyWorkload(engine: Engine, window = 8): void {
  const vfs = engine.config.totalVFs;
  engine.execute({ op: 'sriov.enable', numVFs: vfs });
  for (let first = 1; first <= vfs; first += window) {
    for (let fn = first; fn < Math.min(first + window, vfs + 1); fn++) {
      for (const [offset, size, value] of BRING_UP) engine.execute({ op: 'guest.io.write', fn, offset, size, value });
    }
    engine.settle();
  }
}

/**
 * The steady phase: rounds of guest and PF work on `window` VFs at a time, rolling over every VF,
 * until the engine has produced `w.events` more events. Same mix whatever the VF count.
 */
export function runLegacyRounds(engine: Engine, w: LegacyWorkload): void {
  const rng = seededRng(w.seed ?? 1);
  const vfs = engine.config.totalVFs;
  const window = Math.min(w.window ?? 8, vfs);
  const stop = engine.seq + w.events;
  let next = 1;
  let tags = 0;
  const tag = () => `b${tags++}`;
  let nextTick = engine.seq + (1 << 16);
  while (engine.seq < stop) {
    for (let i = 0; i < window; i++) {
      const fn = next;
      next = next === vfs ? 1 : next + 1;
      for (const c of work(rng, fn, tag)) engine.execute(c);
    }
    const steps = rng.int(4, 16);
    for (let i = 0; i < steps && engine.step(); i++);
    // Settling each round keeps the number of VFs with queued work at the window size.
    engine.settle();
    if (engine.seq >= nextTick) {
      w.tick?.(engine.seq);
      nextTick += 1 << 16;
    }
  }
}

/** The whole workload on a fresh engine (SR-IOV not yet enabled): setup, then `w.events` more events. */
export function runLegacyWorkload(engine: Engine, w: LegacyWorkload): void {
  setupLegacyWorkload(engine, w.window);
  runLegacyRounds(engine, w);
}

export interface LegacyBench {
  engine: Engine;
  /** Runs the steady phase; returns the events it produced (time it: events / seconds = events/s). */
  run(): number;
}

/** A fresh engine with every rule on, its VFs already brought up, and the steady phase to time. */
export function legacyBench(numVFs = 4096, events = 200_000, seed = 1): LegacyBench {
  const engine = new Engine({ config: legacyBenchDevice(numVFs), seed });
  setupLegacyWorkload(engine);
  return {
    engine,
    run: () => {
      const before = engine.seq;
      runLegacyRounds(engine, { events, seed });
      return engine.seq - before;
    },
  };
}

/** Best of `reps` steady-phase rates (events/s), each on a fresh engine. */
export function eventsPerSecond(numVFs: number, events: number, reps = 3): { rate: number; violations: number } {
  let best = { rate: 0, violations: 0 };
  for (let i = 0; i < reps; i++) {
    const b = legacyBench(numVFs, events);
    const t0 = process.hrtime.bigint();
    const n = b.run();
    const rate = n / (Number(process.hrtime.bigint() - t0) / 1e9);
    if (rate > best.rate) best = { rate, violations: b.engine.violations.length };
  }
  return best;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.env.VTWIN_BENCH_EVENTS ?? 300_000);
  eventsPerSecond(64, 100_000, 2); // warm-up
  const small = eventsPerSecond(8, events);
  const big = eventsPerSecond(4096, events);
  console.log(
    `legacy-heavy workload, steady phase of ${events} events, every rule on (engine working copy), best of 3`);
  console.log(
    `  8 VFs:    ${Math.round(small.rate).toLocaleString('en-US')} events/s (${small.violations} violations)`);
  console.log(`  4096 VFs: ${Math.round(big.rate).toLocaleString('en-US')} events/s (${big.violations} violations)`);
  console.log(`  per-event cost 4096 / 8 VFs: ${(small.rate / big.rate).toFixed(2)}`);
}
