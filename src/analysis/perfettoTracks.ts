/**
 * The tracks of a Perfetto export (README "Seeing a run"): one process for the PF, holding a
 * thread per track, ordered by sort index:
 *
 *   violations · device / PF driver / host / guest   (one per actor, only when it broke a rule)
 *   device core                                      (scheduler picks, events of no function)
 *   admin queue q                                    (its events; where each command ends)
 *   PF (fn 0)
 *   VF n · incarnation k                             (a re-created VF is a new track)
 *
 * and a second process for the virtio-mmio device when the run has one. Tracks are declared
 * (thread_name, thread_sort_index) the first time something is drawn on them.
 */
import type { Actor } from '../domain/items.js';

export type Put = (o: object) => void;

export const PF_PID = 1;
export const MMIO_PID = 2;

const ACTOR_NAMES: Readonly<Record<Actor, string>> = {
  device: 'device',
  'pf-driver': 'PF driver',
  host: 'host',
  guest: 'guest',
};
const ACTOR_ORDER: readonly Actor[] = ['device', 'pf-driver', 'host', 'guest'];

/** A track: the (pid, tid) events are drawn on. */
export interface Track {
  pid: number;
  tid: number;
}

export class Tracks {
  private readonly tids = new Map<string, Track>();
  private nextTid = 1;
  private mmio = false;

  constructor(
    private readonly put: Put,
    producer: string,
  ) {
    put({ ph: 'M', pid: PF_PID, name: 'process_name', args: { name: `PF (fn 0) · virtio-twin: ${producer}` } });
    put({ ph: 'M', pid: PF_PID, name: 'process_sort_index', args: { sort_index: 0 } });
  }

  private thread(key: string, pid: number, name: string, sort: number): Track {
    const known = this.tids.get(key);
    if (known) return known;
    const t = { pid, tid: this.nextTid++ };
    this.tids.set(key, t);
    this.put({ ph: 'M', pid, tid: t.tid, name: 'thread_name', args: { name } });
    this.put({ ph: 'M', pid, tid: t.tid, name: 'thread_sort_index', args: { sort_index: sort } });
    return t;
  }

  /** Where the rule's actor is blamed. Unknown actors (a newer trace) get a track of their own. */
  actor(actor: string): Track {
    const i = ACTOR_ORDER.indexOf(actor as Actor);
    const name = ACTOR_NAMES[actor as Actor] ?? actor;
    return this.thread(`actor:${actor}`, PF_PID, `violations · ${name}`, i >= 0 ? i : ACTOR_ORDER.length);
  }

  core(): Track {
    return this.thread('core', PF_PID, 'device core', 10);
  }

  queue(q: number): Track {
    return this.thread(`q:${q}`, PF_PID, `admin queue ${q}`, 100 + q);
  }

  /**
   * Function `fn`'s track for one incarnation (`alive` = it exists). The PF is one track; VF n
   * gets a track per incarnation, so what a re-created VF does never mixes with its past.
   */
  fn(fn: number, incarnation: number, exists: boolean): Track {
    if (fn === 0) return this.thread('fn:0', PF_PID, 'PF (fn 0)', 1000);
    const sort = 10_000 + fn * 10_000 + Math.min(incarnation, 9_999);
    if (!exists) return this.thread(`fn:${fn}:none`, PF_PID, `VF ${fn} (no such function)`, sort);
    const name =
      incarnation === 0
        ? `VF ${fn} (never created)`
        : `VF ${fn} · incarnation ${incarnation}${incarnation > 1 ? ' (re-created)' : ''}`;
    return this.thread(`fn:${fn}:${incarnation}`, PF_PID, name, sort);
  }

  /** The virtio-mmio device: not a PCI function, so a process of its own. */
  mmioDevice(): Track {
    if (!this.mmio) {
      this.mmio = true;
      this.put({ ph: 'M', pid: MMIO_PID, name: 'process_name', args: { name: 'virtio-mmio device' } });
      this.put({ ph: 'M', pid: MMIO_PID, name: 'process_sort_index', args: { sort_index: 1 } });
    }
    return this.thread('mmio', MMIO_PID, 'virtio-mmio', 0);
  }
}
