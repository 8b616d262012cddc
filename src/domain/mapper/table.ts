/**
 * The mapper's table of busy VFs, `mapper.vfs`: a list with one slot per function, indexed by
 * function number like `fns`, null where the VF has no access in progress.
 *
 * Trace format 2 kept it as an object keyed by VF, with `byCid`, an object from cid to VF, beside
 * it. V8 keeps objects keyed by scattered integers in dictionary mode: every add or delete of a
 * key was a runtime call (~100 and ~45 ns), ~40 ms of a ~225 ms fold of the legacy bench trace.
 * The list has a fixed length, so its layout depends on the busy VFs alone, never on the order
 * they came and went in (a list trimmed after the last busy VF cost a refill of up to TotalVFs
 * slots each time the mapper went idle and busy again). `byCid` is not stored any more: it is the
 * `inflight` of the busy entries, and a reaped command names its VF as its `member`
 * (./process.ts mapperOnReap).
 *
 * Users still see the format 2 maps (`mapper.vfs.5`, `mapper.byCid.12` in a state path or a
 * scenario expectation, `vtwin state` output): `mapperView` builds them, and the state hash
 * (src/engine/hashCore.ts) hashes the table as those maps, so hashes do not depend on the layout.
 */
import { idleTable, type MapperState, type MapperVf } from './types.js';

/** VF `fn`'s entry, or null while it has no access in progress. */
export function mapperVf(m: Readonly<MapperState>, fn: number): MapperVf | null {
  return fn >= 0 && fn < m.vfs.length ? m.vfs[fn]! : null;
}

/** The busy VFs, ascending (the order of a map's integer keys). */
function busyAscending(m: Readonly<MapperState>): number[] {
  return m.busy.slice().sort((a, b) => a - b);
}

/** The table as users address it: a map from VF to entry (format 2's `vfs`). */
export function vfsByFn(m: Readonly<MapperState>): Record<number, MapperVf> {
  const out: Record<number, MapperVf> = {};
  for (const fn of busyAscending(m)) out[fn] = m.vfs[fn]!;
  return out;
}

/** The mapper's admin commands in flight, cid -> VF (format 2's `byCid`). */
export function vfByCid(m: Readonly<MapperState>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const fn of busyAscending(m)) {
    const v = m.vfs[fn]!;
    if (v.inflight >= 0) out[v.inflight] = fn;
  }
  return out;
}

/** The mapper as users see it: format 2's shape and key order. */
export interface MapperView extends Omit<MapperState, 'vfs'> {
  vfs: Record<number, MapperVf>;
  byCid: Record<number, number>;
}

export function mapperView(m: Readonly<MapperState>): MapperView {
  return { vfs: vfsByFn(m), busy: m.busy, byCid: vfByCid(m), nextId: m.nextId, done: m.done };
}

/**
 * A mapper in either layout — the list, or format 2's VF-keyed `vfs` with its `byCid` (a
 * snapshot of an older trace) — in the working layout, `functions` slots long. Old `byCid` is
 * dropped: the recipes kept it equal to what the entries' `inflight` say.
 */
export function mapperState(m: unknown, functions: number): MapperState {
  const o = m as MapperState & { byCid?: unknown };
  if (Array.isArray(o.vfs) && o.byCid === undefined) return o;
  const vfs = idleTable(functions);
  const table = o.vfs as unknown;
  if (table !== null && typeof table === 'object') {
    for (const k of Object.keys(table)) {
      const v = (table as Record<string, MapperVf | null>)[k];
      if (v) vfs[Number(k)] = v;
    }
  }
  return { vfs, busy: o.busy, nextId: o.nextId, done: o.done };
}
