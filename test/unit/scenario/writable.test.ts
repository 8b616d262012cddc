/**
 * `aq.submit` with a `writable` layout and the `completion` expectation's `usedLen`,
 * `resultBeyond` and `driverResult` (README "Steps", "Expectations"): what Linux does with a short
 * used length can be written down and checked.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/errors.js';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';

const load = (steps: unknown[]) => validateScenario({ name: 't', seed: 1, steps }, 't.json');
const query = (writable: unknown, extra: Record<string, unknown> = {}) =>
  ({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY', group: 'SELF' }, writable, ...extra });

describe('aq.submit writable: checked before anything runs', () => {
  it.each([
    [query({ bytes: 16, split: [8, 4] }), 'steps[0].writable.split: two lengths adding up to bytes (16), got 8 + 4'],
    [query({ bytes: 2, preload: '000000' }),
      'steps[0].writable.preload: at most 2 bytes (the writable part\'s length), got 3'],
    [query({ bytes: 16 }, { resultBytes: 8 }),
      'steps[0].resultBytes: not together with writable.bytes or writable.split: give the writable part\'s size once'],
    [query({ split: [8] }), 'steps[0].writable.split'],
    [query({ bytes: 8, stale: true }), 'steps[0].writable.stale: unknown field'],
  ])('%j', (step, message) => {
    expect(() => load([step])).toThrow(ScenarioError);
    expect(() => load([step])).toThrow(message);
  });

  it('a preload needs no bytes: it fits the opcode\'s natural size', () => {
    expect(() => load([query({ preload: 'ee'.repeat(16) })])).not.toThrow();
  });
});

describe('completion usedLen, resultBeyond, driverResult', () => {
  it('pass on what the device reported and what is left in the driver\'s buffers', () => {
    const r = runScenario(load([query({ bytes: 64, preload: 'ee'.repeat(64) }), { op: 'settle' },
      { expect: 'completion', tag: 'q', status: 'OK', usedLen: 48, resultBeyond: 'ee'.repeat(16) }]));
    expect(r.failures).toEqual([]);
    expect(r.completions[0]).toMatchObject({ usedLen: 48, resultBeyond: 'ee'.repeat(16) });
    expect(r.completions[0]!.driverResult).toBe(r.completions[0]!.result);
  });

  it('fail saying what differed', () => {
    const r = runScenario(load([query({ split: [4, 12] }), { op: 'settle' },
      { expect: 'completion', tag: 'q', status: 'OK', usedLen: 8, resultBeyond: 'ee',
        driverResult: '0300000000000000' }]));
    expect(r.failures.map((f) => f.message)).toEqual(['completion q: expected usedLen 8, got 16; resultBeyond ee, ' +
      'got (empty); driverResult 0300000000000000, got 0000000003000000']);
  });

  it('are refused on status "none" (the device wrote nothing)', () => {
    expect(() => load([query(undefined), { expect: 'completion', tag: 'q', status: 'none', usedLen: 0 }])).toThrow(
      'steps[1].usedLen: nothing: status "none" means the device wrote no status block');
  });
});
