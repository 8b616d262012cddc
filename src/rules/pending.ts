/**
 * What a rule notes about an admin command between its command hook and the command's completion,
 * by cid: [cid, value] pairs in cid order, plain data as rule memory must be. (An object keyed by
 * cid held the same, but noting and deleting ever larger cids kept it in a slow dictionary mode.)
 */
export type Pending<T> = [cid: number, value: T][];

/** Note `value` for `cid` (replacing what was noted for it). */
export function note<T>(p: Pending<T>, cid: number, value: T): void {
  let i = 0;
  while (i < p.length && p[i]![0] < cid) i++;
  if (i < p.length && p[i]![0] === cid) {
    p[i]![1] = value;
    return;
  }
  p.push([cid, value]);
  // Then move it down to its place, keeping cid order.
  for (let j = p.length - 1; j > i; j--) {
    const t = p[j]!;
    p[j] = p[j - 1]!;
    p[j - 1] = t;
  }
}

/** What was noted for `cid`, forgotten; undefined when nothing was. */
export function take<T>(p: Pending<T>, cid: number): T | undefined {
  for (let i = 0; i < p.length; i++) {
    if (p[i]![0] !== cid) continue;
    const value = p[i]![1];
    p.splice(i, 1);
    return value;
  }
  return undefined;
}
