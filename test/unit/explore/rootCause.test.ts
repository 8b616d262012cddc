/**
 * Exploration groups each path's violations by root cause with the fuzzer's grouping
 * (src/fuzz/rootCause.ts): a violation hands on its step and is linked to every step that happens
 * before its own (src/explore/search.ts).
 */
import { describe, expect, it } from 'vitest';
import { groupByRootCause, type CausalViolation } from '../../../src/fuzz/rootCause.js';
import { problem, search } from './helpers.js';

/** Steps 0..6: 0 -> 2 -> 4 (a chain), 1 -> 3 (another), 5 on its own, 6 after 1 and 5. */
const before: Record<number, number[]> = { 2: [0], 3: [1], 4: [0, 2], 6: [1, 5] };
const at = (rule: string, step: number, seq: number): CausalViolation => ({
  rule,
  seq,
  actor: 'device',
  message: rule,
  kind: 'safety',
  command: step,
  causes: [`#${step}`],
  links: [step, ...(before[step] ?? [])].map((s) => `#${s}`),
});
const shape = (vs: CausalViolation[]) =>
  groupByRootCause(vs).map((g) => [g.root.rule, g.consequences.map((c) => c.rule)]);

describe('root cause by happens-before', () => {
  it('a violation joins the group of an earlier one whose step happens before its own', () => {
    const all = [at('c', 4, 40), at('a', 0, 1), at('b', 1, 10), at('d', 3, 30), at('e', 5, 50), at('f', 0, 2)];
    expect(shape(all)).toEqual([
      ['a', ['f', 'c']],
      ['b', ['d']],
      ['e', []],
    ]);
  });

  it('two violations that only share an earlier step (no violation there) stay two root causes', () => {
    // 2 and 4 both follow step 0, where nothing fired; 4 also follows 2.
    expect(shape([at('x', 2, 20), at('y', 3, 30)])).toEqual([['x', []], ['y', []]]);
    expect(shape([at('x', 2, 20), at('z', 4, 40)])).toEqual([['x', ['z']]]);
  });

  it('a step after two root causes joins the earlier one', () => {
    expect(shape([at('b', 1, 10), at('e', 5, 50), at('g', 6, 60)])).toEqual([['b', ['g']], ['e', []]]);
  });

  it('in exploration: the device violation that makes an expectation fail carries it as a consequence', () => {
    const t = search(problem('race-masked-vector-delivery', 'msix-drop-masked'));
    const lost = t.findings.find((f) => f.rule === 'device.msix.no-lost-interrupt')!;
    expect(lost.consequences.map((c) => c.rule)).toContain('expect:steps[11]');
    expect(lost.actor).toBe('device');
    expect(t.findings.map((f) => f.rule)).not.toContain('expect:steps[11]');
  });

  it('in exploration: a stall at a barrier roots the expectation after it that finds the command still pending', () => {
    // An expectation is judged after the barrier's liveness rules, so it is ordered after them.
    const t = search(problem('race-vf-destroyed-mid-command-fail', 'stall-across-disable'));
    expect(t.findings.map((f) => [f.rule, f.consequences.map((c) => c.rule)])).toEqual([
      ['device.aq.all-complete-at-settle', ['expect:steps[7]']],
    ]);
  });
});
