/**
 * The import graph of the TypeScript sources, and the cycles in it. Every import counts, type-only
 * ones included: tsc erases those, so they cost nothing at load time, but a loop of them still
 * ties its modules into one unit that cannot be read or changed apart. The graph is therefore a
 * superset of the compiled (runtime) graph, and no build is needed to check it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Module -> the modules it imports, every name relative to the graph's root directory. */
export type ImportGraph = Map<string, string[]>;

export interface SourceGraph {
  graph: ImportGraph;
  /** Relative imports that name no source file under the root: "file: specifier". */
  unresolved: string[];
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * The graph of `.ts` modules under `root`. TypeScript's own import scanner finds import and
 * export declarations (`import type` too), `import('...')` in types and in code, and
 * `import x = require(...)`. Only relative imports count: packages cannot import us back. An
 * import of `./x.js` names the source `./x.ts` (NodeNext resolution).
 */
export function sourceImportGraph(root: string): SourceGraph {
  const files = listSources(root);
  const known = new Set(files.map((f) => relative(root, f)));
  const graph: ImportGraph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const rel = relative(root, file);
    const deps = new Set<string>();
    for (const { fileName: spec } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (known.has(target)) deps.add(target);
      else unresolved.push(`${rel}: ${spec}`);
    }
    graph.set(rel, [...deps].sort());
  }
  return { graph, unresolved };
}

/** Modules that import one another round a loop, and one shortest loop through the first of them. */
export interface Cycle {
  /** Every module of the strongly connected component, sorted. */
  modules: string[];
  /** A path that starts and ends at modules[0]. */
  path: string[];
}

/**
 * One cycle per strongly connected component that has one (Tarjan's algorithm). Deterministic:
 * modules are visited in name order.
 */
export function findCycles(graph: ImportGraph): Cycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    components.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components
    .filter((scc) => scc.length > 1 || (graph.get(scc[0]!) ?? []).includes(scc[0]!))
    .map((scc) => ({ modules: scc, path: shortestCycle(graph, scc) }))
    .sort((a, b) => (a.modules[0]! < b.modules[0]! ? -1 : 1));
}

/** The shortest path from the component's first module back to itself, inside the component. */
function shortestCycle(graph: ImportGraph, scc: string[]): string[] {
  const members = new Set(scc);
  const start = scc[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** One line per cycle, for a failure message. */
export function describeCycles(cycles: Cycle[]): string {
  return cycles.map(
    (c) => `  ${c.path.join(' -> ')}  (${c.modules.length} modules in the loop: ${c.modules.join(', ')})`).join('\n');
}
