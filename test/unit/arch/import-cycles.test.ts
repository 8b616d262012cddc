/**
 * No module in src/ may import itself back, directly or through others, not even through
 * type-only imports. At runtime a cycle makes load order matter (a module can run before what it
 * imports has finished loading); at any level it ties every module on it into one unit that
 * cannot be understood, tested or changed apart. Layering that keeps src/ acyclic: spec/, wire/
 * and util/ at the bottom; each area's types.ts imports no logic; the composition modules
 * (state.ts, events.ts, commands.ts, device.ts, decide.ts, evolve.ts) sit above the areas.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCycles, findCycles, sourceImportGraph } from '../../importGraph.js';

describe('import cycles', () => {
  it('src/ has none, type-only imports included', () => {
    const { graph, unresolved } = sourceImportGraph(join(process.cwd(), 'src'));
    // An import the scanner could not place would be an edge silently left out of the graph.
    expect(unresolved).toEqual([]);
    expect(graph.size).toBeGreaterThan(150);
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
    const cycles = findCycles(graph);
    expect(cycles, `import cycles in src/:\n${describeCycles(cycles)}`).toEqual([]);
  });

  it('the checker finds every cycle of a small graph and names a shortest path round it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'e.ts']],
      ['c.ts', ['a.ts', 'b.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', []],
      ['f.ts', ['a.ts', 'e.ts']],
    ]);
    expect(findCycles(graph)).toEqual([
      { modules: ['a.ts', 'b.ts', 'c.ts'], path: ['a.ts', 'b.ts', 'c.ts', 'a.ts'] },
      { modules: ['d.ts'], path: ['d.ts', 'd.ts'] },
    ]);
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  const tmp = mkdtempSync(join(tmpdir(), 'vtwin-cycles-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the checker reads real files: a loop closed by a type-only re-export is a cycle', () => {
    mkdirSync(join(tmp, 'sub'));
    writeFileSync(join(tmp, 'x.ts'),
      "import { y } from './y.js';\nimport fs from 'node:fs';\nexport const x = () => y;\n");
    writeFileSync(join(tmp, 'y.ts'), "export { z as y } from './sub/z.js';\n");
    writeFileSync(join(tmp, 'sub', 'z.ts'), "export type { X } from '../x.js';\nexport const z = 1;\n");
    writeFileSync(join(tmp, 'w.ts'), "import type { X } from './x.js';\nlet v: import('./gone.js').V;\n");
    const { graph, unresolved } = sourceImportGraph(tmp);
    expect(graph.get('x.ts')).toEqual(['y.ts']);
    expect(unresolved).toEqual(['w.ts: ./gone.js']);
    expect(findCycles(graph).map((c) => c.path)).toEqual([['sub/z.ts', 'x.ts', 'y.ts', 'sub/z.ts']]);
  });
});
