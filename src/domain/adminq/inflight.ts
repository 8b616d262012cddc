/**
 * The in-flight admin command table, `aq.commands`: a dense list ordered by cid.
 *
 * Cids only grow (each is `nextCid` at submit), so a new command is appended and the list stays
 * sorted. Replay folds millions of submit/reap pairs; an object keyed by cid falls into V8's
 * dictionary mode and cost ~0.5 µs per pair, the list a few ns. Look a command up with
 * `aqCommand`, never by indexing the list with a cid.
 *
 * Users still address commands by cid (`aq.commands.12` in a state path or a scenario
 * expectation, `vtwin state` output): `commandsByCid` gives that view, and the state hash
 * (src/engine/hash.ts) hashes the table as that map, so hashes do not depend on the layout.
 */
import type { AqCommand, AqState } from './types.js';

/** The in-flight command with this cid, if any. O(1) when the cids in flight are contiguous. */
export function aqCommand(aq: Readonly<AqState>, cid: number): AqCommand | undefined {
  return findIn(aq.commands, cid);
}

function findIn(list: readonly AqCommand[], cid: number): AqCommand | undefined {
  const n = list.length;
  if (n === 0) return undefined;
  const first = list[0]!.cid;
  // The cids are distinct and sorted, so the command sits at index <= cid - first.
  let hi = Math.min(cid - first, n - 1);
  if (hi < 0) return undefined;
  const guess = list[hi]!;
  if (guess.cid === cid) return guess;
  let lo = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = list[mid]!;
    if (c.cid === cid) return c;
    if (c.cid < cid) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Index where `cid` is or would go. */
function slot(list: readonly AqCommand[], cid: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.cid < cid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Add (or replace) a command, keeping the list sorted. Appending is the only case a live run has. */
export function putAqCommand(aq: AqState, cmd: AqCommand): void {
  const list = aq.commands;
  const n = list.length;
  if (n === 0 || list[n - 1]!.cid < cmd.cid) {
    list.push(cmd);
    return;
  }
  const i = slot(list, cmd.cid);
  if (list[i]?.cid === cmd.cid) list[i] = cmd;
  else list.splice(i, 0, cmd);
}

/** Remove a command if it is in flight. The oldest (FIFO) is the common case. */
export function deleteAqCommand(aq: AqState, cid: number): void {
  const list = aq.commands;
  if (list.length === 0) return;
  if (list[0]!.cid === cid) {
    list.shift();
    return;
  }
  const i = slot(list, cid);
  if (list[i]?.cid === cid) list.splice(i, 1);
}

/**
 * Remove the commands `cids` names. A reap takes the oldest completed commands, usually the
 * first ones of the list in cid order: one splice then, instead of a shift per command.
 */
export function deleteAqCommands(aq: AqState, cids: readonly number[]): void {
  const list = aq.commands;
  const n = cids.length;
  let prefix = n <= list.length;
  for (let i = 0; prefix && i < n; i++) prefix = list[i]!.cid === cids[i];
  if (prefix) list.splice(0, n);
  else for (const cid of cids) deleteAqCommand(aq, cid);
}

/** The table as users address it: a map from cid to command. */
export function commandsByCid(list: readonly AqCommand[]): Record<number, AqCommand> {
  const out: Record<number, AqCommand> = {};
  for (const c of list) out[c.cid] = c;
  return out;
}

/**
 * A table in either layout — the list, or the cid-keyed object of trace format 1 and of users'
 * scenarios — as the list.
 */
export function commandList(table: unknown): AqCommand[] {
  if (Array.isArray(table)) return table as AqCommand[];
  const out: AqCommand[] = [];
  if (table !== null && typeof table === 'object') {
    for (const k in table) out.push((table as Record<string, AqCommand>)[k]!);
  }
  return out.sort((a, b) => a.cid - b.cid);
}
