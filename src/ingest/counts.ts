/** Line accounting shared by both capture formats: lines not used are counted by name, never dropped. */

/** Counts by event (or record type) name; keys are sorted when reported. */
export type Counts = Record<string, number>;

export function bump(c: Counts, key: string): void {
  c[key] = (c[key] ?? 0) + 1;
}

/** A copy with sorted keys, so reports are byte-identical whatever order lines came in. */
export function sortedCounts(c: Counts): Counts {
  const out: Counts = {};
  for (const k of Object.keys(c).sort()) out[k] = c[k]!;
  return out;
}

/** Name under which a blank line is counted (`ignored`). */
export const BLANK = '(blank line)';
