/**
 * Fold replay hands recipes events whose `type` is still the trace's type id (src/analysis/replay.ts):
 * a recipe must never read its event's type. Checked by folding every event of fuzz runs of every
 * profile, plus the bench's interrupt and legacy workloads, through its recipe with a `type` that
 * throws when read, and comparing the folded state with the engine's.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/domain/device.js';
import { bootState } from '../../../src/domain/boot.js';
import { recipeFor } from '../../../src/domain/evolve.js';
import type { Event } from '../../../src/domain/events.js';
import { PROFILES } from '../../../src/domain/profiles.js';
import type { TwinState } from '../../../src/domain/state.js';
import type { DeviceConfig } from '../../../src/domain/config.js';
import { Engine } from '../../../src/engine/engine.js';
import { hashState } from '../../../src/engine/hash.js';
import { seededRng } from '../../../src/engine/prng.js';
import { fuzzRun, mixSeed } from '../../../src/fuzz/run.js';
import { irqWorkloadConfig, runIrqWorkload } from '../../../tools/bench/irq.js';
import { legacyBenchDevice, runLegacyWorkload } from '../../../tools/bench/legacy.js';

/** A copy of the event body whose `type` throws when read. */
function typeless(e: Event): Event {
  const copy = { ...e } as Record<string, unknown>;
  delete copy.type;
  Object.defineProperty(copy, 'type', { enumerable: true, get: () => {
    throw new Error(`the recipe for ${e.type} read the event's type`);
  } });
  return copy as unknown as Event;
}

/** Folds what `drive` makes the engine do through the recipes with typeless events; returns both hashes. */
function fold(config: DeviceConfig, engine: Engine, drive: () => void): { folded: string; engine: string;
    events: number } {
  const work: TwinState = bootState(config);
  let events = 0;
  engine.addObserver({
    onEvent: (ev) => {
      recipeFor(ev.type)!(work, typeless(ev));
      events++;
    },
  });
  drive();
  return { folded: hashState(work), engine: hashState(engine.state as TwinState), events };
}

describe('recipes never read the event type (fold passes type ids)', () => {
  it('folds fuzz runs of every profile to the engine state', () => {
    for (const { name: profile } of PROFILES) {
      for (let seed = 0; seed < 2; seed++) {
        const r = fuzzRun({ seed, profile, actions: 60 });
        const e = new Engine({ config: r.config, rng: seededRng(mixSeed(seed, 1)), rules: [] });
        const got = fold(r.config, e, () => r.commands.forEach((c) => e.execute(c)));
        expect(got.events, profile).toBeGreaterThan(0);
        expect(got.folded, `${profile} seed ${seed}`).toBe(got.engine);
      }
    }
  });

  it('folds the bench interrupt and legacy workloads to the engine state', () => {
    const irqConfig = defaultConfig(irqWorkloadConfig({ vfs: 6, vectors: 8 }));
    const irq = new Engine({ config: irqConfig, seed: 2, rules: [] });
    const a = fold(irqConfig, irq, () => runIrqWorkload(irq, { events: 3000, seed: 2 }));
    const legacyConfig = legacyBenchDevice(6);
    const legacy = new Engine({ config: legacyConfig, seed: 2, rules: [] });
    const b = fold(legacyConfig, legacy, () => runLegacyWorkload(legacy, { events: 3000, seed: 2 }));
    expect([a.folded, b.folded]).toEqual([a.engine, b.engine]);
  });
});
