/**
 * "Did you mean": the known names closest to a misspelt one. Error lines name these few instead
 * of listing every rule id or op (a line of ~2 KB that nobody reads).
 */

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * Up to `n` candidates closest to `name`, nearest first (ties in the candidates' order). A
 * candidate that contains the name, or whose last dotted part equals it (`fifo-per-queue` for
 * `device.aq.fifo-per-queue`), counts as nearer than any misspelling.
 */
export function closest(name: string, candidates: readonly string[], n = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates.map((c, i) => {
    const lc = c.toLowerCase();
    const part = lc.slice(lc.lastIndexOf('.') + 1);
    const d = lower && (lc.includes(lower) || part === lower) ? -1 : Math.min(editDistance(lower, lc),
      editDistance(lower, part));
    return { c, d, i };
  });
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  return scored.slice(0, n).map((x) => x.c);
}

/** `one of a, b, c` for a short list; `e.g. a, b, c (closest to "x"); N in all, see <where>` for a long one. */
export function knownNames(name: string, candidates: readonly string[], where: string): string {
  if (candidates.length <= 6) return `one of ${candidates.join(', ')}`;
  return `closest: ${closest(name, candidates).join(', ')} (${candidates.length} in all: ${where})`;
}
