/** `state --at N`: the state after event N, equal to folding from the start, found from the nearest snapshot. */
import { describe, expect, it } from 'vitest';
import { evolve } from '../../../src/domain/evolve.js';
import { initialState } from '../../../src/domain/device.js';
import { hashState } from '../../../src/engine/hash.js';
import { stateAt } from '../../../src/analysis/stateAt.js';
import { open, workload } from '../trace/helpers.js';

const M = 500;
const w = workload(4000, { trace: { snapshotEvery: M, snapshotSizeRatio: 0 } });

function foldTo(seq: number) {
  const s = initialState(w.engine.config);
  for (const e of w.events) {
    if (e.seq > seq) break;
    evolve(s, e);
  }
  return s;
}

describe('state at a seq', () => {
  const segs = open(w.bytes).segments();
  const probes = [-1, 0, 1, 17, segs[1]!.seq - 1, segs[1]!.seq, segs[2]!.seq + 3, w.events.length - 1];

  it.each(probes)('after seq %i equals folding every event from the start', (seq) => {
    const r = stateAt(open(w.bytes), seq);
    expect(r.state).toEqual(foldTo(seq));
    expect(hashState(r.state)).toBe(hashState(foldTo(seq)));
  });

  it('folds at most one segment of events (O(M), not O(N))', () => {
    for (const seq of [w.events.length - 1, Math.floor(w.events.length / 2)]) {
      const r = stateAt(open(w.bytes), seq);
      expect(r.fromSeq).toBeGreaterThan(0);
      expect(r.folded).toBeLessThan(2 * M);
      expect(r.folded).toBe(seq - r.fromSeq);
    }
  });

  it('refuses a seq beyond the last event, naming the last one', () => {
    expect(() => stateAt(open(w.bytes), w.events.length + 5)).toThrow(
      `--at ${w.events.length + 5}: the trace's last event is seq ${w.events.length - 1}`);
  });
});
