/** Grouping a run's violations by root cause (src/analysis/rootCause.ts). */
import { describe, expect, it } from 'vitest';
import { causalAncestors, groupByRootCause } from '../../../src/analysis/rootCause.js';
import { problem, search } from './helpers.js';

/** Steps 0..5: 0 -> 2 -> 4 (a chain), 1 -> 3 (another), 5 on its own. */
const parents = (step: number): number[] => ({ 2: [0], 3: [1], 4: [2] })[step] ?? [];

describe('root cause', () => {
  it('ancestors follow the parents transitively, the step itself included', () => {
    expect([...causalAncestors(4, parents)].sort()).toEqual([0, 2, 4]);
    expect([...causalAncestors(5, parents)]).toEqual([5]);
  });

  it('a later violation joins the group of the earliest earlier one whose step happens before its own', () => {
    const v = (rule: string, at: number, seq: number) => ({ rule, at, seq });
    const all = [v('c', 4, 40), v('a', 0, 1), v('b', 1, 10), v('d', 3, 30), v('e', 5, 50), v('f', 0, 2)];
    const groups = groupByRootCause(all, parents);
    expect(groups.map((g) => [g.root.rule, g.caused.map((x) => x.rule)])).toEqual([
      ['a', ['f', 'c']],
      ['b', ['d']],
      ['e', []],
    ]);
  });

  it('in exploration: the device violation that makes an expectation fail carries it as caused', () => {
    const t = search(problem('race-masked-vector-delivery', 'msix-drop-masked'));
    const lost = t.findings.find((f) => f.rule === 'device.msix.no-lost-interrupt')!;
    expect(lost.caused).toContain('expect:steps[10]');
    expect(t.findings.map((f) => f.rule)).not.toContain('expect:steps[10]');
  });
});
