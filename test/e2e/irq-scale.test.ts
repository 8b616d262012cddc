import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/domain/device.js';
import { Engine } from '../../src/engine/engine.js';
import { hashState, StateHasher } from '../../src/engine/hash.js';
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
        { op: 'vf.status', fn, value: 15 },
      ] as const) e.execute(c);
      return e.execute({ op: 'device.notify', fn, queue: 0 }).map((ev) => [ev.type, touchedFn(ev)]);
    };
    expect(shape(4096)).toEqual([['irq/raised', 4096], ['msix/delivered', 4096]]);
    expect(shape(1)).toEqual([['irq/raised', 1], ['msix/delivered', 1]]);
    // Each VF's table is packed: 64 mask bits in 2 words.
    expect(e.state.fns[4096]!.msix.mask).toHaveLength(2);
  });

  /**
   * The bench workload with a StateHasher fed the engine's events (as the trace writer feeds it),
   * compared with a full from-scratch hash every 1000 events. `noteEvents: false` is a hasher whose
   * incremental update is switched off: the comparison must catch it.
   */
  function hashCheckpoints(noteEvents: boolean) {
    const e = new Engine({ config: defaultConfig(irqWorkloadConfig({ vfs: 64, vectors: 8 })), seed: 3 });
    const h = new StateHasher();
    const mismatches: number[] = [];
    let checkpoints = 0;
    let deliveries = 0;
    e.addObserver({
      onEvent: (ev) => {
        if (noteEvents) h.note(ev);
        if (ev.type === 'msix/delivered') deliveries++;
        if (ev.seq % 1000 !== 999) return;
        checkpoints++;
        if (h.digest(e.state) !== hashState(e.state)) mismatches.push(ev.seq);
      },
    });
    runIrqWorkload(e, { events: 20_000, seed: 3 });
    return { e, h, mismatches, checkpoints, deliveries };
  }

  it('the bench workload runs violation-free; its incremental hash equals a full hash at every checkpoint', () => {
    const { e, h, mismatches, checkpoints, deliveries } = hashCheckpoints(true);
    expect(e.seq).toBeGreaterThanOrEqual(20_000);
    expect(deliveries).toBeGreaterThan(2_000);
    expect(e.violations).toEqual([]);
    expect(checkpoints).toBeGreaterThanOrEqual(20);
    expect(mismatches).toEqual([]);
    // The hasher really is incremental: a VF changed behind its back (no event) keeps its cached
    // hash, so the digest goes stale and differs from the full hash, until an event names that VF
    // and the slice (src/domain/slices.ts) that changed: an event that changes no state does not.
    const full = hashState(e.state);
    e.state.fns[5]!.msix.mask[0]! ^= 1;
    expect(h.digest(e.state)).toBe(full);
    expect(hashState(e.state)).not.toBe(full);
    h.note({ type: 'irq/raised', fn: 5, source: 0 });
    expect(h.digest(e.state)).toBe(full);
    h.note({ type: 'msix/masked', fn: 5, vector: 0, masked: true });
    expect(h.digest(e.state)).toBe(hashState(e.state));
  });

  it('the checkpoint comparison catches a hasher whose incremental update is switched off', () => {
    const { mismatches, checkpoints } = hashCheckpoints(false);
    expect(checkpoints).toBeGreaterThanOrEqual(20);
    expect(mismatches.length).toBeGreaterThan(checkpoints / 2);
  });
});
