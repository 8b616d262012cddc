/**
 * Steps packed as numbers for the shadow worker (src/ingest/stepCodec.ts) come back as the very
 * objects that were packed: same fields, same values, same key order, whatever the kind.
 */
import { describe, expect, it } from 'vitest';
import { packSteps, STEP_WORDS, StepPacker, unpackSteps } from '../../../src/ingest/stepCodec.js';
import { planText } from '../../../src/ingest/ingest.js';
import type { Step } from '../../../src/ingest/steps.js';
import { syntheticQemuLog } from '../../../tools/bench/qemuLog.js';

const roundTrip = (steps: Step[]): Step[] => unpackSteps(packSteps(steps));
/** Equal including key order (what JSON output of a step would show). */
const same = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

describe('step packing for the shadow worker', () => {
  it('gives back every packed kind exactly, including the null, intx and config values', () => {
    const steps: Step[] = [
      { k: 'io', line: 1, fn: 3, write: true, offset: 0x10, size: 2, value: 0xffff },
      { k: 'io', line: 2, fn: 1, write: false, offset: 0x13, size: 1, value: 0 },
      { k: 'io', line: 3, fn: 4, write: false, offset: 0, size: 4, value: 0xffffffff },
      { k: 'irq', line: 4, fn: 2, vector: 5, source: null, pending: null },
      { k: 'irq', line: 5, fn: 2, vector: 'intx', source: 'config', pending: true },
      { k: 'irq', line: 6, fn: 2, vector: null, source: 1, pending: false },
      { k: 'irq', line: 7, fn: 0, vector: 0, source: 0, pending: null },
      { k: 'msix', line: 8, fn: 1, op: 'enable' },
      { k: 'msix', line: 9, fn: 1, op: 'unmask', vector: 0 },
      { k: 'msix', line: 10, fn: 1, op: 'funmask' },
    ];
    const packed = packSteps(steps);
    expect(packed.other).toEqual([]); // all of them packed as numbers
    expect(packed.words.length).toBe(steps.length * STEP_WORDS);
    const back = roundTrip(steps);
    expect(back).toStrictEqual(steps);
    same(back, steps);
  });

  it('sends any other step as itself, in its place', () => {
    const steps: Step[] = [
      { k: 'sriov', line: 1, op: 'enable', numVFs: 4 },
      { k: 'io', line: 2, fn: 1, write: true, offset: 0x12, size: 1, value: 0 },
      { k: 'submit', line: 3, queue: 0, id: 'a', raw: '0001', resultBytes: 8 },
      { k: 'pfStatus', line: 4, value: 15 },
      // Values the packing cannot hold exactly travel as themselves too.
      { k: 'irq', line: 5, fn: 1, vector: -3 as number, source: null, pending: null },
      { k: 'msix', line: 6, fn: 1, op: 'mask', vector: 1.5 },
    ];
    const packed = packSteps(steps);
    expect(packed.other.map((s) => s.line)).toEqual([1, 3, 4, 5, 6]);
    const back = roundTrip(steps);
    expect(back).toStrictEqual(steps);
    same(back, steps);
  });

  it('gives back a whole QEMU log plan unchanged', () => {
    const { steps } = planText(syntheticQemuLog(3000), { file: 'q.log' });
    expect(steps.length).toBeGreaterThan(1000);
    const back = roundTrip(steps);
    expect(back).toStrictEqual(steps);
    same(back, steps);
  });

  it('packs one step at a time past its capacity, and starts empty after each take', () => {
    const { steps } = planText(syntheticQemuLog(400), { file: 'q.log' });
    const p = new StepPacker(8);
    const half = steps.length >> 1;
    for (const s of steps.slice(0, half)) p.add(s);
    expect(p.length).toBe(half);
    const first = p.take();
    expect(p.length).toBe(0);
    for (const s of steps.slice(half)) p.add(s);
    expect([...unpackSteps(first), ...unpackSteps(p.take())]).toStrictEqual(steps);
  });
});
