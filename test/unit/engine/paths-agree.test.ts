/**
 * The three ways a state is reached must agree on fuzz workloads of every profile (README
 * "Guarantees"):
 * - the incremental hash (events name the function they touch) equals a full hash after every event;
 * - folding the same events under immer (snapshot path) reaches the working copy's state;
 * - a run continued from a msgpack-decoded snapshot produces the same events and state as the
 *   uninterrupted run (no behaviour depends on key order or on object identity).
 */
import { describe, expect, it } from 'vitest';
import { Immer } from 'immer';
import { Packr, Unpackr } from 'msgpackr';
import { evolve } from '../../../src/domain/evolve.js';
import { PROFILES } from '../../../src/domain/profiles.js';
import type { TwinState } from '../../../src/domain/state.js';
import { virtualClock } from '../../../src/engine/clock.js';
import { Engine } from '../../../src/engine/engine.js';
import { hashState, StateHasher } from '../../../src/engine/hash.js';
import { seededRng } from '../../../src/engine/prng.js';
import { fuzzRun, mixSeed } from '../../../src/fuzz/run.js';

const { produce } = new Immer({ autoFreeze: true });
const strip = (events: readonly object[]) => JSON.stringify(events);

describe('working copy, immer snapshots, incremental hash and msgpack snapshots agree', () => {
  for (const { name: profile } of PROFILES) {
    it(`profile ${profile}: fuzz runs reach the same state and events by every path`, () => {
      for (let seed = 0; seed < 6; seed++) {
        const r = fuzzRun({ seed, profile, actions: 60 });
        const e = new Engine({ config: r.config, rng: seededRng(mixSeed(seed, 1)), rules: [] });
        const hasher = new StateHasher();
        let snap: TwinState = produce(structuredClone(e.state), () => {});
        const drift: string[] = [];
        e.addObserver({
          onEvent: (ev) => {
            hasher.note(ev);
            const full = hashState(e.state);
            if (hasher.digest(e.state) !== full) drift.push(`incremental hash after ${ev.type} (seq ${ev.seq})`);
            snap = produce(snap, (d) => evolve(d as TwinState, ev));
            if (hashState(snap) !== full) drift.push(`immer snapshot after ${ev.type} (seq ${ev.seq})`);
          },
        });
        const mid = Math.floor(r.commands.length / 2);
        let resumed: Engine | null = null;
        for (let i = 0; i < r.commands.length; i++) {
          if (i === mid) {
            const decoded = new Unpackr({ sequential: true }).unpack(
              new Packr({ sequential: true }).pack(e.state)) as TwinState;
            resumed = new Engine({ config: r.config, rules: [], clock: virtualClock(e.clock.now()), state: decoded,
              nextSeq: e.seq, nextCommand: e.commandIndex });
          }
          const a = e.execute(r.commands[i]!);
          if (resumed && strip(resumed.execute(r.commands[i]!)) !== strip(a)) drift.push(
            `events of command ${i} after a msgpack snapshot`);
        }
        if (resumed && hashState(resumed.state) !== hashState(e.state)) drift.push(
          'final state after a msgpack snapshot');
        expect({ seed, drift: drift.slice(0, 3) }).toEqual({ seed, drift: [] });
      }
    });
  }
});
