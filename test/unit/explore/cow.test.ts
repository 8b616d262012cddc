/**
 * Backtracking (src/explore/cow.ts, src/explore/machine.ts): exploration runs on the engine's
 * working copy with copy-on-write snapshots. A snapshot frozen while shared is never written (a
 * recipe writing outside what its event declares would throw), and every node the search reaches
 * has exactly the state and violations a fresh engine replaying the path's commands has.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { hashState } from '../../../src/engine/hash.js';
import { itemKey } from '../../../src/domain/items.js';
import { Machine } from '../../../src/explore/machine.js';
import { problemFromScenario } from '../../../src/explore/problem.js';
import { Search } from '../../../src/explore/search.js';
import { smallScenarios } from './helpers.js';

describe('copy-on-write backtracking', () => {
  it('never writes a shared snapshot: every small scenario explores with them frozen, as it does unfrozen', () => {
    for (const sc of smallScenarios()) {
      const prob = problemFromScenario(sc);
      const frozen = new Search(new Machine(prob, { freeze: true }), { bounds: {} }).run();
      const plain = new Search(new Machine(prob), { bounds: {} }).run();
      const count = (t: typeof plain) => ({ ...t, findings: t.findings.length });
      expect(count(frozen), sc.name).toEqual(count(plain));
    }
  });

  it('every node reached after backtracking has the state and violations of a fresh replay of its path', () => {
    let nodes = 0;
    for (const sc of smallScenarios().filter((x) => x.name.startsWith('race-') || x.name.startsWith('irq-'))) {
      const m = new Machine(problemFromScenario(sc));
      const visit = (depth: number): void => {
        const fresh = new Engine({ config: m.problem.config });
        for (const p of m.path) {
          if ('settle' in p) fresh.settled();
          if (!('cmd' in p)) continue;
          const cmd = p.cmd;
          if (cmd.op !== 'device.run') fresh.execute(cmd);
          else fresh.execute({ op: 'device.run', item: fresh.ready().find((r) => itemKey(r) === itemKey(cmd.item))! });
        }
        expect(hashState(m.state as never), sc.name).toBe(hashState(fresh.state));
        expect(m.violations).toEqual(fresh.violations);
        nodes++;
        const moves = m.moves();
        if (depth > 12 || moves.length === 0) return;
        const mark = m.mark();
        for (const mv of moves) {
          m.restore(mark);
          m.step(mv);
          visit(depth + 1);
        }
      };
      visit(0);
    }
    expect(nodes).toBeGreaterThan(300);
  });
});
