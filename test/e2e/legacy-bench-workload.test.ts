import { describe, expect, it } from 'vitest';
import { legacyBench, runLegacyWorkload, legacyBenchDevice } from '../../tools/bench/legacy.js';
import { Engine } from '../../src/engine/engine.js';
import { hashState } from '../../src/engine/hash.js';

describe('the legacy-heavy bench workload (README legacy Speed figures)', () => {
  it('brings every VF up through the mapper before the timed phase', () => {
    const b = legacyBench(40, 1000);
    expect(b.engine.state.fns.slice(1).every((f) => f.legacy.status === 7 && f.legacy.queues[1]!.pfn === 0x1001)).toBe(
      true);
    expect(b.engine.state.mapper.busy).toEqual([]);
  });

  it('produces the events it is asked for with no rule violated, touching guest I/O, notifies and net control', () => {
    const b = legacyBench(64, 20_000);
    const n = b.run();
    expect(n).toBeGreaterThanOrEqual(20_000);
    expect(b.engine.violations).toEqual([]);
    const used = b.engine.state.fns.slice(1).reduce((t, f) => t + f.legacy.queues[0]!.used + f.legacy.queues[1]!.used,
      0);
    expect(used).toBeGreaterThan(0);
    expect(b.engine.state.fns.slice(1).some((f) => f.net.vlans.length > 0)).toBe(true);
  });

  it('is deterministic: the same seed reaches the same state', () => {
    const run = () => {
      const e = new Engine({ config: legacyBenchDevice(16), seed: 4 });
      runLegacyWorkload(e, { events: 5000, seed: 4 });
      return hashState(e.state);
    };
    expect(run()).toBe(run());
  });
});
