/**
 * The slice table (src/domain/slices.ts) the incremental state hash relies on: an event may change
 * only the slices of `fns[e.fn]` its type lists, and no other function. Checked on every event of
 * fuzz runs of every profile, plus the bench's interrupt and legacy workloads, by hashing each
 * slice of every function before and after the event.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/domain/device.js';
import { PROFILES } from '../../../src/domain/profiles.js';
import { changesWhen, KEY_PARTS, partMask, SLICE_KEYS, SLICES, sliceMask } from '../../../src/domain/slices.js';
import { initialMsix } from '../../../src/domain/msix/vectors.js';
import { initialLegacy } from '../../../src/domain/legacy/types.js';
import { initialFn, type TwinState } from '../../../src/domain/state.js';
import { Engine } from '../../../src/engine/engine.js';
import { hashValue } from '../../../src/engine/hash.js';
import { seededRng } from '../../../src/engine/prng.js';
import { fuzzRun, mixSeed } from '../../../src/fuzz/run.js';
import { irqWorkloadConfig, runIrqWorkload } from '../../../tools/bench/irq.js';
import { legacyBenchDevice, runLegacyWorkload } from '../../../tools/bench/legacy.js';

type Snapshot = string[][];
type Rec = Record<string, unknown>;

/** Per function: the hash of each slice, then of each key of the keyed slices (KEY_PARTS). */
function sliceHashes(s: TwinState): Snapshot {
  return s.fns.map((f) => [...SLICES.map((k) => hashValue((f as unknown as Rec)[k])),
    ...KEY_PARTS.map((p) => hashValue(((f as unknown as Rec)[p.slice] as Rec)[p.key]))]);
}

/** Attach a checker to `e`; returns the problems found and the event types seen with `fn`. */
function watch(e: Engine): { problems: Set<string>; seen: Set<string> } {
  const problems = new Set<string>();
  const seen = new Set<string>();
  let before = sliceHashes(e.state);
  e.addObserver({
    onEvent: (ev, s) => {
      const after = sliceHashes(s as TwinState);
      const fn = (ev as { fn?: number }).fn;
      // An event its entry's predicate excludes must change nothing of its function.
      const applies = fn !== undefined && fn >= 0 && (changesWhen(ev.type)?.(ev) ?? true);
      const mask = applies ? sliceMask(ev.type) : 0;
      const parts = applies ? partMask(ev.type) : { slices: 0, keys: 0 };
      if (fn !== undefined && fn >= 0) seen.add(ev.type);
      for (let i = 0; i < after.length && fn !== -1; i++) {
        for (let k = 0; k < SLICES.length; k++) {
          if (after[i]![k] === before[i]![k]) continue;
          if (i === fn && mask & (1 << k)) continue;
          problems.add(i === fn ? `${ev.type} changed fns[fn].${SLICES[k]}, which its entry does not list`
            : `${ev.type} (fn ${String(fn)}) changed fns[${i}].${SLICES[k]}`);
        }
        // An entry naming keys of a keyed slice (not the whole slice) must name every key that changed.
        for (let j = 0; i === fn && j < KEY_PARTS.length; j++) {
          const p = KEY_PARTS[j]!;
          const k = SLICES.length + j;
          if (after[i]![k] === before[i]![k] || parts.slices & (1 << SLICES.indexOf(p.slice))) continue;
          if (parts.keys & (1 << j)) continue;
          problems.add(`${ev.type} changed fns[fn].${p.slice}.${p.key}, which its entry does not list`);
        }
      }
      before = after;
    },
  });
  return { problems, seen };
}

describe('slice table of the incremental state hash', () => {
  it('names every key of a function state (a new slice must be added to SLICES)', () => {
    const keys = Object.keys(initialFn(defaultConfig({ totalVFs: 2 }), 1)).sort();
    expect(keys).toEqual([...SLICES].sort());
  });

  it('lists every key of the slices whose keys the hash caches one by one', () => {
    const config = defaultConfig({ totalVFs: 2 });
    expect(Object.keys(initialMsix(config, 1)).sort()).toEqual([...SLICE_KEYS.msix].sort());
    expect(Object.keys(initialLegacy(config, 1)).sort()).toEqual([...SLICE_KEYS.legacy].sort());
  });

  it('covers what every event of fuzz runs of every profile changes', () => {
    const problems = new Set<string>();
    const seen = new Set<string>();
    const check = (profile: string, seed: number) => {
      const r = fuzzRun({ seed, profile, actions: 60 });
      const e = new Engine({ config: r.config, rng: seededRng(mixSeed(seed, 1)), rules: [] });
      const w = watch(e);
      for (const c of r.commands) e.execute(c);
      w.problems.forEach((p) => problems.add(`${profile}: ${p}`));
      w.seen.forEach((t) => seen.add(t));
    };
    // Each profile its own seeds, so a generator change cannot starve every profile at once.
    PROFILES.forEach(({ name }, i) => [0, 1, 2].forEach((k) => check(name, mixSeed(1000 + i, k))));
    // The runs must reach the hot event types the table narrows, so the check means something:
    // more conforming runs until they have (a bound, so a generator that never reaches one fails).
    const hot = ['msix/pended', 'msix/masked', 'host/irqRequested', 'legacy/statusWritten', 'vf/bound'];
    for (let k = 0; k < 200 && hot.some((t) => !seen.has(t)); k++) check('spec', mixSeed(2000, k));
    expect([...problems]).toEqual([]);
    for (const t of hot) expect(seen.has(t), t).toBe(true);
  });

  it('covers the bench interrupt and legacy workloads', () => {
    const irq = new Engine({ config: defaultConfig(irqWorkloadConfig({ vfs: 6, vectors: 8 })), seed: 2, rules: [] });
    const a = watch(irq);
    runIrqWorkload(irq, { events: 3000, seed: 2 });
    const config = legacyBenchDevice(6);
    const legacy = new Engine({ config, seed: 2, rules: [] });
    const b = watch(legacy);
    runLegacyWorkload(legacy, { events: 3000, seed: 2 });
    expect([...a.problems, ...b.problems]).toEqual([]);
    expect([a.seen.has('msix/delivered'), b.seen.has('legacy/buffersAdded'), b.seen.has('net/applied')])
      .toEqual([true, true, true]);
  });
});
