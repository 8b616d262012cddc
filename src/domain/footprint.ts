/**
 * What a transition (a scenario command, or a work item the scheduler runs) touches: the
 * partial-order reduction of `vtwin explore` (README "Systematic exploration") explores one order
 * of two transitions whose footprints are disjoint, since both orders end in the same state.
 *
 * A resource is a function (`fn:2`, `fn:*` = every function), an admin queue (`aq:0`: its
 * pending and busy commands; `aq:*` = every queue and its parts), its used ring (`aq:0:used`),
 * the tail a submit appends to (`aq:0:tail`), its occupancy (`aq:0:occ`), a core region (`pf`, `sriov`, `aq.inUse`,
 * `aq.cid` = command ids, `pool`, `host`, `mapper`, `mmio`, `netCtl`) or `*` (everything).
 * Writes come from the events the decider produces (it is pure, so it can say before anything
 * runs); reads are what the decider and the rules look at, stated per kind of transition,
 * generously. Some updates commute with each other but not with reads or writes of what they
 * update: raising an interrupt on a function (it sets pending or ISR bits, or sends), and moving
 * a queue's occupancy up (a submit) or down (a reap). A submit appends to the tail, which the
 * device taking the head or completing does not touch.
 */
import type { Command } from './commands.js';
import { decide } from './decide.js';
import { handlerFor } from './device.js';
import { touchedFn, type EventBody } from './events.js';
import type { WorkItem } from './items.js';
import type { Profile } from './profiles.js';
import type { TwinState } from './state.js';
import { VIRTIO_ADMIN_CMD_LIST_USE, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from './spec/constants.js';
import { aqCommand } from './adminq/inflight.js';
import { queueOccupancy } from './adminq/occupancy.js';

export interface Footprint {
  reads: string[];
  writes: string[];
  /** Resources it updates in ways that commute with each other: raises on `fn:<i>`, `aq:<q>:occ` counts. */
  commutes: string[];
}

/** A transition of exploration: a scenario command, or a ready work item. */
export type Transition = { item: WorkItem } | { cmd: Command };

/** The top-level key of TwinState an event's recipe may write besides `fns` (undefined: none). */
export type CoreKey = 'aq' | 'pf' | 'sriov' | 'vfMsix' | 'host' | 'mapper' | 'mmio' | 'netCtl';

/** The state region each event family (the type's prefix) writes besides `fns`. */
const CORE_OF: ReadonlyMap<string, CoreKey> = new Map([
  ['aq', 'aq'], ['pf', 'pf'], ['sriov', 'sriov'], ['provision', 'vfMsix'], ['host', 'host'], ['mapper', 'mapper'],
  ['mmio', 'mmio'], ['net', 'netCtl'],
]);

export function eventCoreKey(type: string): CoreKey | undefined {
  return CORE_OF.get(type.slice(0, type.indexOf('/')));
}

/** Event types whose recipe changes nothing (facts for the rules and the trace only). */
const NO_WRITE: ReadonlySet<string> = new Set([
  'sched/picked', 'aq/rejected', 'host/errorReported', 'host/requestFailed', 'irq/raised', 'irq/refused',
  'legacy/addressWritten', 'legacy/notified', 'legacy/notifyIgnored', 'legacy/notifyMissed', 'legacy/read',
  'legacy/writeIgnored', 'mmio/ackIgnored', 'mmio/cmdIgnored', 'mmio/msiUnmapped', 'mmio/raised', 'mmio/read',
  'msix/controlRead', 'msix/programIgnored', 'msix/unmapped', 'net/cvqSubmitted', 'net/refused', 'sriov/refused',
]);

/** Whether applying `e` may change the state (a message sent straight from a raise leaves it alone). */
export function writesState(e: EventBody): boolean {
  if (NO_WRITE.has(e.type)) return false;
  if (e.type === 'msix/delivered' || e.type === 'host/irqLost') return e.source === 'pba';
  return true;
}

/** Every no-write event type (tests check their recipes are no-ops). */
export const NO_WRITE_TYPES: readonly string[] = [...NO_WRITE];

/** Events an interrupt raise produces: they commute with each other on one function. */
function isRaise(e: EventBody): boolean {
  switch (e.type) {
    case 'irq/raised':
    case 'isr/set':
    case 'msix/pended':
    case 'msix/unmapped':
      return true;
    case 'msix/delivered':
    case 'host/irqLost':
      return e.source !== 'pba';
    default:
      return false;
  }
}

const CORE_RESOURCE: Record<string, string> = {
  pf: 'pf',
  sriov: 'sriov',
  vfMsix: 'pool',
  host: 'host',
  mapper: 'mapper',
  mmio: 'mmio',
  netCtl: 'netCtl',
};

const fnNames: string[] = [];
const aqNames: string[] = [];

/** `fn:<i>`, interned (footprints are built for every move explored). */
export function fnRes(i: number): string {
  return fnNames[i] ?? (fnNames[i] = `fn:${i}`);
}

function aqRes(q: number): string {
  return aqNames[q] ?? (aqNames[q] = `aq:${q}`);
}

function aqPart(q: number, part: 'tail' | 'occ' | 'used'): string {
  return `${aqRes(q)}:${part}`;
}

function aqAccesses(e: EventBody, into: Footprint): void {
  switch (e.type) {
    case 'aq/submitted':
      add(into.writes, aqPart(e.q, 'tail'));
      add(into.writes, 'aq.cid');
      add(into.commutes, aqPart(e.q, 'occ'));
      return;
    case 'aq/reaped':
      add(into.writes, aqPart(e.q, 'used'));
      add(into.commutes, aqPart(e.q, 'occ'));
      return;
    case 'aq/started':
      add(into.writes, aqRes(e.q));
      return;
    case 'aq/inUseSet':
      add(into.writes, 'aq.inUse');
      return;
    default: {
      // Completed (busy -> used), aborted (anywhere): the queue and its used ring.
      const q = (e as { q?: number }).q;
      if (q === undefined) return add(into.writes, 'aq:*');
      add(into.writes, aqRes(q));
      add(into.writes, aqPart(q, 'used'));
    }
  }
}

function add(list: string[], r: string): void {
  if (!list.includes(r)) list.push(r);
}

/** Writes and commuting updates of the events a transition produced. */
export function eventAccesses(events: readonly EventBody[], into: Footprint): void {
  for (const e of events) {
    const fn = touchedFn(e);
    if (fn !== undefined) {
      if (isRaise(e) && fn >= 0) add(into.commutes, fnRes(fn));
      else if (writesState(e)) add(into.writes, fn < 0 ? 'fn:*' : fnRes(fn));
    }
    if (!writesState(e)) continue;
    const core = eventCoreKey(e.type);
    if (core === 'aq') aqAccesses(e, into);
    else if (core === 'pf') {
      add(into.writes, 'pf');
      add(into.writes, 'aq.inUse');
    } else if (core !== undefined) add(into.writes, CORE_RESOURCE[core]!);
  }
}

/** The functions an admin command's handler reads: its member, none for group-wide commands, or all. */
function commandFns(s: Readonly<TwinState>, cid: number): string {
  const c = aqCommand(s.aq, cid);
  if (!c) return 'fn:*';
  const name = handlerFor(c.opcode, s.config)?.name ?? '';
  if (name.startsWith('LIST_')) return 'aq.inUse';
  if (!name.startsWith('LEGACY_') && name !== 'EXT_NET_ADMIN_CTRL') return 'fn:*';
  if (c.groupType !== VIRTIO_ADMIN_GROUP_TYPE_SRIOV) return fnRes(0);
  return c.member >= 1 && c.member <= s.config.totalVFs ? fnRes(c.member) : 'fn:*';
}

function itemReads(s: Readonly<TwinState>, item: WorkItem): string[] {
  switch (item.kind) {
    case 'aq.start':
      return [aqRes(item.q), 'sriov'];
    case 'aq.complete':
      return [aqRes(item.q), 'sriov', 'pf', 'aq.inUse', 'pool', 'netCtl', commandFns(s, item.cid)];
    case 'aq.reap':
      return [aqPart(item.q, 'used'), 'mapper', 'netCtl'];
    case 'host.resize':
      return [fnRes(item.fn), 'host'];
    case 'mapper.issue':
    case 'mapper.abort':
      return [fnRes(item.fn), 'mapper', 'aq:*', 'aq.inUse', 'aq.cid', 'pf', 'sriov'];
  }
}

/**
 * A submit reads the queue's occupancy only when it is nearly full (else no reap or submit
 * elsewhere changes its outcome), and every queue's commands in flight when LIST_USE is involved
 * (the driver rule that LIST_USE goes alone looks at them).
 */
function submitReads(s: Readonly<TwinState>, q: number, events: readonly EventBody[]): string[] {
  const reads = ['aq.cid', 'aq.inUse', 'pf', 'sriov', 'mapper', 'netCtl'];
  const queue = s.aq.queues[q];
  if (!queue || queueOccupancy(queue) + 2 >= s.config.aqDepth) reads.push(aqPart(q, 'occ'));
  const sub = events.find((e) => e.type === 'aq/submitted');
  if (sub?.type !== 'aq/submitted') return reads;
  // The driver records the incarnation of the VF it addresses: that VF is read, no other.
  if (sub.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && sub.member >= 1) reads.push(fnRes(sub.member));
  const isListUse = (c: { opcode: number }) => c.opcode === VIRTIO_ADMIN_CMD_LIST_USE;
  if (isListUse(sub) || s.aq.commands.some(isListUse)) reads.push('aq:*');
  return reads;
}

/** What the decider and the rules read for a command (`*` where it is not worth narrowing). */
function commandReads(s: Readonly<TwinState>, cmd: Command, events: readonly EventBody[]): string[] {
  switch (cmd.op) {
    case 'aq.submit':
      return submitReads(s, cmd.queue ?? 0, events);
    case 'msix.enable':
    case 'msix.disable':
    case 'msix.mask':
    case 'msix.unmask':
    case 'msix.functionMask':
    case 'msix.program':
    case 'msix.readControl':
    case 'vector.map':
    case 'device.notify':
    case 'device.configChange':
    case 'isr.read':
    case 'guest.queue.add':
    case 'device.needsReset':
    case 'vf.bind':
    case 'vf.unbind':
    case 'host.setPasid':
      return [fnRes(cmd.fn), 'host', 'sriov', 'pf', 'pool'];
    case 'guest.io.read':
    case 'guest.io.write':
      return [fnRes(cmd.fn), 'mapper', 'sriov'];
    case 'guest.cvq':
      return [fnRes(cmd.fn), fnRes(0), 'netCtl', 'sriov', 'pf'];
    case 'net.barrier':
      return ['aq:*', 'netCtl', fnRes(cmd.fn)];
    case 'mmio.write':
    case 'mmio.read':
    case 'mmio.notify':
    case 'mmio.configChange':
      return ['mmio'];
    default:
      return ['*'];
  }
}

/** What a transition reads, at the state `s` it runs in, given the events it produces there. */
export function readsOf(s: Readonly<TwinState>, t: Transition, events: readonly EventBody[]): string[] {
  return 'item' in t ? itemReads(s, t.item) : commandReads(s, t.cmd, events);
}

/** The footprint of a transition from its reads and the events it produced. */
export function footprintFrom(reads: string[], events: readonly EventBody[]): Footprint {
  const fp: Footprint = { reads, writes: [], commutes: [] };
  eventAccesses(events, fp);
  return fp;
}

/** The footprint of a transition at state `s`, given the events it produces there. */
export function footprintOf(s: Readonly<TwinState>, t: Transition, events: readonly EventBody[]): Footprint {
  return footprintFrom(readsOf(s, t, events), events);
}

/** The footprint of a transition at state `s`: the decider says what it would do (nothing runs). */
export function footprint(s: Readonly<TwinState>, t: Transition, profile: Profile): Footprint {
  const cmd: Command = 'item' in t ? { op: 'device.run', item: t.item } : t.cmd;
  return footprintOf(s, t, decide(s, cmd, { profile }));
}

/** Whether resources `x` and `y` can be the same thing (`*`, `fn:*` and `aq:*` cover their kind). */
function same(x: string, y: string): boolean {
  if (x === y || x === '*' || y === '*') return true;
  if (x === 'fn:*') return y.startsWith('fn:');
  if (y === 'fn:*') return x.startsWith('fn:');
  if (x === 'aq:*') return y.startsWith('aq:');
  if (y === 'aq:*') return x.startsWith('aq:');
  return false;
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) for (const y of b) if (same(x, y)) return true;
  return false;
}

/**
 * Whether the order of two transitions can matter: one writes what the other reads or writes, or
 * updates (commutatively) what the other reads or writes.
 */
export function dependent(a: Footprint, b: Footprint): boolean {
  return (
    overlaps(a.writes, b.writes) ||
    overlaps(a.writes, b.reads) ||
    overlaps(b.writes, a.reads) ||
    overlaps(a.commutes, b.reads) ||
    overlaps(a.commutes, b.writes) ||
    overlaps(b.commutes, a.reads) ||
    overlaps(b.commutes, a.writes)
  );
}
