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
    const v = d.mapper.vfs[e.fn];
    if (v) {
      v.queue.push({ ...e.access });
    } else {
      // The common case (an idle VF): a one-access queue, built at its size.
      d.mapper.vfs[e.fn] = { queue: [{ ...e.access }], inflight: -1, purpose: 'access', slot: d.mapper.busy.length };
      d.mapper.busy.push(e.fn);
    }
    d.mapper.nextId = e.access.id + 1;
  },
  'mapper/ioRejected': (d, e) => {
    record(d, e.tag, { fn: e.fn, write: e.write, offset: e.offset, size: e.size, ok: false, errno: e.errno });
  },
  'mapper/issued': (d, e) => {
    const v = d.mapper.vfs[e.fn]!;
    v.inflight = e.cid;
    v.purpose = e.purpose;
    d.mapper.byCid[e.cid] = e.fn;
  },
  'mapper/notifyLearned': (d, e) => {
    const m = d.fns[e.fn]!.mapper;
    m.notifyBar = e.bar;
    m.notifyOffset = e.offset;
    d.mapper.vfs[e.fn]!.inflight = -1;
    delete d.mapper.byCid[e.cid];
  },
  'mapper/ioCompleted': (d, e) => {
    const v = d.mapper.vfs[e.fn]!;
    v.queue.shift();
    v.inflight = -1;
    if (e.cid >= 0) delete d.mapper.byCid[e.cid];
    if (v.queue.length === 0) {
      const busy = d.mapper.busy;
      const last = busy.pop()!;
      if (last !== e.fn) {
        busy[v.slot] = last;
        d.mapper.vfs[last]!.slot = v.slot;
      }
      delete d.mapper.vfs[e.fn];
    }
    if (!e.tag) return; // an untagged access leaves no result to look up
    const r: IoResult = { fn: e.fn, write: e.write, offset: e.offset, size: e.size, ok: e.ok };
    if (e.value !== undefined) r.value = e.value;
    if (e.data !== undefined) r.data = e.data;
    if (e.errno !== undefined) r.errno = e.errno;
    record(d, e.tag, r);
  },
};
