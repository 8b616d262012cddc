/**
 * The mapper's busy-VF table (src/domain/mapper/table.ts): a list with a slot per function, shown
 * to users and hashed as the VF- and cid-keyed maps that trace format 2 stored.
 */
import { describe, expect, it } from 'vitest';
import { mapperState, mapperView } from '../../../../src/domain/mapper/table.js';
import type { MapperVf } from '../../../../src/domain/mapper/types.js';
import type { TwinState } from '../../../../src/domain/state.js';
import { stateView } from '../../../../src/domain/view.js';
import { hashState } from '../../../../src/engine/hash.js';
import { parseStatePath, readPath } from '../../../../src/scenario/statePath.js';
import { vfEngine, type LogEngine } from '../../../legacyHelpers.js';

/** VF 3 with one access queued, then VFs 1, 4 and 2 with three each: VF 3 leaves `busy` first. */
function busyEngine(): LogEngine {
  const e = vfEngine({ aqDepth: 64 }, 4);
  e.execute({ op: 'guest.io.read', fn: 3, offset: 18, size: 1 });
  for (let round = 0; round < 3; round++) {
    for (const fn of [1, 4, 2]) e.execute({ op: 'guest.io.read', fn, offset: 18, size: 1 });
  }
  return e;
}

/** The state with the mapper in format 2's layout (what the hash must not tell apart). */
function format2(s: TwinState): TwinState {
  return { ...s, mapper: mapperView(s.mapper) } as unknown as TwinState;
}

describe('the mapper table', () => {
  it('hashes as the maps format 2 stored, at every step of a run where VFs come and go', () => {
    const e = busyEngine();
    let steps = 0;
    let swapped = false;
    let inflight = 0;
    do {
      const s = e.state;
      expect(hashState(s)).toBe(hashState(format2(s)));
      // VF 3 left from the head: the last VF took its slot.
      swapped ||= s.mapper.busy.join() === '2,1,4';
      inflight += Object.keys(mapperView(s.mapper).byCid).length;
      steps++;
    } while (e.step());
    // The run covered a VF leaving from the middle of `busy` and commands in flight.
    expect([swapped, inflight > 0, steps > 20]).toEqual([true, true, true]);
    expect(e.state.mapper.busy).toEqual([]);
    expect(e.state.mapper.vfs).toEqual(new Array(e.state.fns.length).fill(null));
  });

  it('is addressed by VF and by cid in state paths', () => {
    const e = busyEngine();
    while (!e.state.mapper.busy.some((fn) => e.state.mapper.vfs[fn]!.inflight >= 0)) e.step();
    const fn = e.state.mapper.busy.find((f) => e.state.mapper.vfs[f]!.inflight >= 0)!;
    const cid = e.state.mapper.vfs[fn]!.inflight;
    const read = (path: string) => readPath(stateView(e.state), parseStatePath(path)!);
    expect(read(`mapper.byCid.${cid}`)).toEqual({ found: true, value: fn });
    expect(read(`mapper.vfs.${fn}.inflight`)).toEqual({ found: true, value: cid });
    expect(read('mapper.vfs.0')).toMatchObject({ found: false });
  });

  it('migrates format 2\'s VF-keyed table and drops byCid; the working layout passes as it is', () => {
    const v: MapperVf = { queue: [], inflight: 7, purpose: 'access', slot: 0 };
    const old = { vfs: { 2: v }, busy: [2], byCid: { 7: 2 }, nextId: 3, done: {} };
    const m = mapperState(old, 4);
    expect(m).toEqual({ vfs: [null, null, v, null], busy: [2], nextId: 3, done: {} });
    expect(m.vfs[2]).toBe(v);
    expect(mapperView(m)).toEqual(old);
    expect(mapperState(m, 4)).toBe(m);
  });
});
