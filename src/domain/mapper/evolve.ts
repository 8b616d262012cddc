/** Recipes for mapper events (copy accesses, never store the event's objects). */
import type { RecipeMap } from '../decider.js';
import type { TwinState } from '../state.js';
import type { MapperEvent } from './events.js';
import type { IoResult } from './types.js';

function record(d: TwinState, tag: string, r: IoResult): void {
  if (tag) d.mapper.done[tag] = r;
}

export const mapperRecipes: RecipeMap<MapperEvent['type']> = {
  'mapper/queued': (d, e) => {
    const m = d.mapper;
    const v = m.vfs[e.fn];
    if (v) {
      v.queue.push({ ...e.access });
    } else {
      // The common case (an idle VF): a one-access queue, built at its size.
      m.vfs[e.fn] = { queue: [{ ...e.access }], inflight: -1, purpose: 'access', slot: m.busy.length };
      m.busy.push(e.fn);
    }
    m.nextId = e.access.id + 1;
  },
  'mapper/ioRejected': (d, e) => {
    record(d, e.tag, { fn: e.fn, write: e.write, offset: e.offset, size: e.size, ok: false, errno: e.errno });
  },
  'mapper/issued': (d, e) => {
    const v = d.mapper.vfs[e.fn]!;
    v.inflight = e.cid;
    v.purpose = e.purpose;
  },
  'mapper/notifyLearned': (d, e) => {
    const m = d.fns[e.fn]!.mapper;
    m.notifyBar = e.bar;
    m.notifyOffset = e.offset;
    d.mapper.vfs[e.fn]!.inflight = -1;
  },
  'mapper/ioCompleted': (d, e) => {
    const m = d.mapper;
    const v = m.vfs[e.fn]!;
    v.queue.shift();
    v.inflight = -1;
    if (v.queue.length === 0) {
      const busy = m.busy;
      const last = busy.pop()!;
      if (last !== e.fn) {
        busy[v.slot] = last;
        m.vfs[last]!.slot = v.slot;
      }
      m.vfs[e.fn] = null;
    }
    if (!e.tag) return; // an untagged access leaves no result to look up
    const r: IoResult = { fn: e.fn, write: e.write, offset: e.offset, size: e.size, ok: e.ok };
    if (e.value !== undefined) r.value = e.value;
    if (e.data !== undefined) r.data = e.data;
    if (e.errno !== undefined) r.errno = e.errno;
    record(d, e.tag, r);
  },
};
