/**
 * The admin-queue workload the benchmark records (and tests reuse): enable SR-IOV, then bursts of
 * admin commands to various members interleaved with scheduler steps. The mix has OK completions
 * (LIST_QUERY, LIST_USE), validation failures (a group-wide opcode to a VF member) and the
 * occasional burst that fills the queue; the driver follows the driver rules, so the run records
 * no violations. Other areas add their
 * own workloads next to this one.
 */
import type { Command } from '../../src/domain/commands.js';
import type { Engine } from '../../src/engine/engine.js';
import { seededRng, type Rng } from '../../src/engine/prng.js';

export interface AdminWorkload {
  /** Stop once the engine has produced this many events. */
  events: number;
  seed?: number;
  /** Called every 64 K events (progress, memory sampling). */
  tick?(seq: number): void;
}

function adminCommand(rng: Rng, vfs: number, n: number): Command {
  const tag = `c${n}`;
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
      // Group-wide opcode addressed to a VF: EINVAL / INVALID_MEMBER.
      return { op: 'aq.submit', tag, cmd: { opcode: 'LIST_QUERY', member: vfs > 0 ? rng.int(1, vfs) : 1 } };
    case 2:
      return { op: 'aq.submit', tag, cmd: { opcode: 'LIST_QUERY', group: 'SELF' } };
    default:
      return { op: 'aq.submit', tag, cmd: { opcode: 'LIST_QUERY' } };
  }
}

/** Drive `engine` (fresh, any VF count) until it has produced `w.events` events. */
export function runAdminWorkload(engine: Engine, w: AdminWorkload): void {
  const rng = seededRng(w.seed ?? 1);
  const vfs = engine.config.totalVFs;
  engine.execute({ op: 'sriov.enable', numVFs: vfs });
  let n = 0;
  let nextTick = 1 << 16;
  while (engine.seq < w.events) {
    if (rng.chance(1, 100)) {
      // LIST_USE alone on the queue, as a driver must send it (driver.aq.list-use-alone).
      engine.settle();
      engine.execute({ op: 'aq.submit', tag: `c${n++}`, cmd: { opcode: 'LIST_USE', opcodes: [0, 1] } });
      engine.settle();
    }
    const burst = rng.chance(1, 50) ? engine.config.aqDepth + 2 : rng.int(1, 3);
    for (let i = 0; i < burst; i++) engine.execute(adminCommand(rng, vfs, n++));
    const steps = rng.int(2, 8);
    for (let i = 0; i < steps && engine.step(); i++);
    if (rng.chance(1, 4)) engine.settle();
    if (engine.seq >= nextTick) {
      w.tick?.(engine.seq);
      nextTick += 1 << 16;
    }
  }
  engine.settle();
}
