import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/domain/device.js';
import { Engine } from '../../src/engine/engine.js';
import { StateHasher } from '../../src/engine/hash.js';
import { touchedFn } from '../../src/domain/events.js';
import { irqWorkloadConfig, runIrqWorkload } from '../../tools/bench/irq.js';

describe('interrupts at scale (4096 VFs x 64 vectors)', () => {
  it('an interrupt on the last VF touches only that VF, with the same events as on the first', () => {
    const e = new Engine({ config: defaultConfig(irqWorkloadConfig({ vfs: 4096, vectors: 64 })), rules: [] });
    e.execute({ op: 'sriov.enable', numVFs: 4096 });
    const shape = (fn: number) => {
      for (const c of [
        { op: 'msix.enable', fn },
        { op: 'vector.map', fn, queue: 0, vector: 63 },
        { op: 'msix.unmask', fn, vector: 63 },
      ] as const) e.execute(c);
      return e.execute({ op: 'device.notify', fn, queue: 0 }).map((ev) => [ev.type, touchedFn(ev)]);
    };
    expect(shape(4096)).toEqual([['irq/raised', 4096], ['msix/delivered', 4096]]);
    expect(shape(1)).toEqual([['irq/raised', 1], ['msix/delivered', 1]]);
    // Each VF's table is packed: 64 mask bits in 2 words.
    expect(e.state.fns[4096]!.msix.mask).toHaveLength(2);
  });

  it('the bench workload runs violation-free and keeps the incremental hash exact', () => {
    const e = new Engine({ config: defaultConfig(irqWorkloadConfig({ vfs: 64, vectors: 8 })), seed: 3 });
    const h = new StateHasher();
    e.addObserver({ onEvent: (ev) => h.note(ev) });
    let deliveries = 0;
    e.addObserver({ onEvent: (ev) => void (ev.type === 'msix/delivered' && deliveries++) });
    runIrqWorkload(e, { events: 20_000, seed: 3 });
    expect(e.seq).toBeGreaterThanOrEqual(20_000);
    expect(deliveries).toBeGreaterThan(2_000);
    expect(e.violations).toEqual([]);
    expect(h.digest(e.state)).toBe(new StateHasher().digest(e.state));
  });
});
