/**
 * Footprints (src/domain/footprint.ts) are what the partial-order reduction trusts: two moves it
 * calls independent must commute. Checked here against the model itself, pair by pair, in the
 * states exploration reaches on every small bundled scenario.
 */
import { describe, expect, it } from 'vitest';
import { bootState } from '../../../src/domain/boot.js';
import { defaultConfig } from '../../../src/domain/device.js';
import { recipeFor } from '../../../src/domain/evolve.js';
import type { EventBody } from '../../../src/domain/events.js';
import { dependent, footprint, NO_WRITE_TYPES, type Footprint } from '../../../src/domain/footprint.js';
import { profileByName } from '../../../src/domain/profiles.js';
import { Machine } from '../../../src/explore/machine.js';
import { problemFromScenario, type Problem } from '../../../src/explore/problem.js';
import { clonePlain } from '../../../src/util/clone.js';
import { smallScenarios } from './helpers.js';

const fp = (f: Partial<Footprint>): Footprint => ({ reads: [], writes: [], commutes: [], ...f });

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

describe('footprints: which moves commute', () => {
  it('two interrupt raises on one function commute; a raise and a write to that function do not', () => {
    expect(dependent(fp({ commutes: ['fn:0'] }), fp({ commutes: ['fn:0'] }))).toBe(false);
    expect(dependent(fp({ commutes: ['fn:1'] }), fp({ writes: ['fn:1'] }))).toBe(true);
    expect(dependent(fp({ commutes: ['fn:1'] }), fp({ reads: ['fn:*'] }))).toBe(true);
  });

  it('work on two admin queues is independent; a submit commutes with the device taking the head of its queue', () => {
    expect(dependent(fp({ writes: ['aq:0'] }), fp({ writes: ['aq:1'] }))).toBe(false);
    const submit = fp({ writes: ['aq:0:tail', 'aq.cid'], commutes: ['aq:0:occ'] });
    expect(dependent(submit, fp({ writes: ['aq:0'], reads: ['aq:0'] }))).toBe(false);
    expect(dependent(fp({ writes: ['aq:0:tail'] }), fp({ reads: ['aq:*'] }))).toBe(true);
    expect(dependent(fp({ reads: ['*'] }), fp({ writes: ['mmio'] }))).toBe(true);
  });

  it('the decider says, before anything runs: two submits depend (command ids), a disable and a submit too', () => {
    const config = defaultConfig({ numVFs: 2, adminQueues: 2, totalVFs: 2 });
    const profile = profileByName('spec')!;
    const s = bootState(config);
    const read = (q: number, vf: number) => {
      const cmd = { opcode: 'LEGACY_COMMON_CFG_READ', member: vf, offset: 18, size: 1 };
      return { cmd: { op: 'aq.submit' as const, queue: q, tag: `r${q}`, cmd } };
    };
    expect(dependent(footprint(s, read(0, 1), profile), footprint(s, read(1, 2), profile))).toBe(true); // command ids
    const disable = footprint(s, { cmd: { op: 'sriov.disable' } }, profile);
    expect(dependent(disable, footprint(s, read(1, 2), profile))).toBe(true);
  });

  it('every event type listed as writing nothing has a recipe that changes nothing', () => {
    const state = deepFreeze(bootState(defaultConfig({ numVFs: 2, totalVFs: 2 })));
    const before = JSON.stringify(state);
    for (const type of NO_WRITE_TYPES) {
      const e = { type, fn: 1, q: 0, cid: 0, vector: 0, source: 0, queue: 0 } as unknown as EventBody;
      expect(() => recipeFor(type)!(state as never, e), type).not.toThrow();
    }
    expect(JSON.stringify(state)).toBe(before);
  });
});

/** For each node (up to `max`), every pair of enabled moves the footprints call independent. */
function checkCommuting(problem: Problem, max: number): { pairs: number; bad: string[] } {
  const m = new Machine(problem);
  const seen = new Set<number>();
  const bad: string[] = [];
  let pairs = 0;
  let nodes = 0;
  const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule).sort().join(',');
  const visit = (): void => {
    const moves = m.moves();
    if (!moves.length || nodes++ >= max) return;
    const key = m.key();
    if (seen.has(key)) return;
    seen.add(key);
    const mark = m.mark();
    for (let i = 0; i < moves.length; i++) {
      for (let j = i + 1; j < moves.length; j++) {
        const [a, b] = [moves[i]!, moves[j]!];
        m.restore(mark);
        const ra = m.step(a);
        const bAfter = m.moves().find((x) => x.key === b.key);
        const rb2 = bAfter ? m.step(bAfter) : null;
        const keyAB = m.key();
        m.restore(mark);
        const rb = m.step(b);
        if (dependent(ra.fp, rb.fp)) continue;
        pairs++;
        const aAfter = m.moves().find((x) => x.key === a.key);
        const ra2 = aAfter ? m.step(aAfter) : null;
        const sameFound = rules([...ra.found, ...rb2!.found]) === rules([...rb.found, ...ra2!.found]);
        const same = bAfter && aAfter && keyAB === m.key() && sameFound;
        if (!same) bad.push(`${problem.source}: ${a.key} / ${b.key}`);
      }
    }
    for (const mv of moves) {
      m.restore(mark);
      m.step(mv);
      visit();
    }
  };
  visit();
  return { pairs, bad };
}

describe('footprints are sound: independent moves commute (same node, same violations, both stay enabled)', () => {
  it('on every small bundled scenario, with its own profile and with spec', () => {
    let pairs = 0;
    const bad: string[] = [];
    for (const sc of smallScenarios()) {
      for (const profile of new Set([sc.device.profile, 'spec'])) {
        const r = checkCommuting(problemFromScenario(sc, profile), 60);
        pairs += r.pairs;
        bad.push(...r.bad);
      }
    }
    expect(bad).toEqual([]);
    expect(pairs).toBeGreaterThan(200);
  });

  it('on a state whose copy the test made: footprints do not depend on object identity', () => {
    const config = defaultConfig({ numVFs: 1, totalVFs: 1 });
    const s = bootState(config);
    const t = { cmd: { op: 'msix.enable' as const, fn: 1 } };
    expect(footprint(clonePlain(s), t, profileByName('spec')!)).toEqual(footprint(s, t, profileByName('spec')!));
  });
});
