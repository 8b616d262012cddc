/**
 * Grouping the violations of one run by root cause: the first violation in causal order, with
 * the later violations it caused attached. "Caused" means the later one fired in a step that the
 * earlier one's step happens before: reachable through `parents` (a step's direct causes, e.g.
 * the earlier steps it depends on, or the command an event came from), or in that same step,
 * later. Independent of where steps come from: `vtwin explore` uses the dependence of its moves'
 * footprints; a fuzz run could use its events' cause chains.
 */

export interface Occurrence {
  rule: string;
  /** The step it fired in (a command index, a move on a path). */
  at: number;
  /** Its position in the run: earlier violations have smaller seqs. */
  seq: number;
}

export interface RootCauseGroup<V extends Occurrence> {
  root: V;
  caused: V[];
}

/** Every step that happens before `at` (itself included), following `parents`. */
export function causalAncestors(at: number, parents: (step: number) => Iterable<number>): Set<number> {
  const seen = new Set<number>([at]);
  const todo = [at];
  while (todo.length) {
    for (const p of parents(todo.pop()!)) {
      if (!seen.has(p)) {
        seen.add(p);
        todo.push(p);
      }
    }
  }
  return seen;
}

/**
 * Groups in order of their roots' seq. Each violation joins the group of the earliest earlier
 * violation whose step happens before its own (or is its own step); a violation nothing earlier
 * explains starts a group.
 */
export function groupByRootCause<V extends Occurrence>(
  violations: readonly V[],
  parents: (step: number) => Iterable<number>,
): RootCauseGroup<V>[] {
  const sorted = [...violations].sort((a, b) => a.seq - b.seq);
  const groups: RootCauseGroup<V>[] = [];
  const groupOf: RootCauseGroup<V>[] = [];
  const ancestry = new Map<number, Set<number>>();
  sorted.forEach((v, i) => {
    let anc = ancestry.get(v.at);
    if (!anc) {
      anc = causalAncestors(v.at, parents);
      ancestry.set(v.at, anc);
    }
    let group: RootCauseGroup<V> | undefined;
    for (let j = 0; j < i && !group; j++) if (anc.has(sorted[j]!.at)) group = groupOf[j];
    if (group) group.caused.push(v);
    else {
      group = { root: v, caused: [] };
      groups.push(group);
    }
    groupOf.push(group);
  });
  return groups;
}
