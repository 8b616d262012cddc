/**
 * Snapshot states of older trace formats, brought to the working layout on reading (README
 * "Traces"). Both changes are layouts only: the state hash hashes either layout the same.
 * - format 1 kept the in-flight admin commands (`aq.commands`) as an object keyed by cid; since
 *   format 2 they are the list ordered by cid (src/domain/adminq/inflight.ts);
 * - formats 1 and 2 kept the mapper's busy VFs (`mapper.vfs`) as an object keyed by VF, and
 *   `mapper.byCid`; since format 3 `vfs` is a list with a slot per function and `byCid` is derived
 *   from it (src/domain/mapper/table.ts).
 * Each step looks at the shape, not the version, so a state already in the working layout passes.
 */
import { commandList } from '../domain/adminq/inflight.js';
import { mapperState } from '../domain/mapper/table.js';
import type { TwinState } from '../domain/state.js';

export function migrateState(state: TwinState): void {
  state.aq.commands = commandList(state.aq.commands);
  state.mapper = mapperState(state.mapper, state.fns.length);
}
