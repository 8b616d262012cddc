/**
 * What a transition (a scenario command, or a work item the scheduler runs) touches: the
 * partial-order reduction of `vtwin explore` (README "Systematic exploration") explores one order
 * of two transitions whose footprints are disjoint, since both orders end in the same state.
 *
 * A resource is a function (`fn:2`, `fn:*` = every function), an admin queue (`aq:0`, `aq:*`),
 * a core region (`pf`, `sriov`, `aq.inUse`, `aq.cid` = command ids, `pool`, `host`, `mapper`,
 * `mmio`, `netCtl`) or `*` (everything). Writes come from the events the decider produces (it is
 * pure, so it can say before anything runs); reads are what the decider and the rules look at,
 * stated per kind of transition, generously. Raising an interrupt on a function is its own kind
 * of access: two raises commute (they set pending or ISR bits, or send), a raise and any other
 * access to that function do not.
 */
import type { Command } from './commands.js';
import { decide } from './decide.js';
import { handlerFor } from './device.js';
import { touchedFn, type EventBody } from './events.js';
import type { WorkItem } from './items.js';
import type { Profile } from './profiles.js';
import type { TwinState } from './state.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from './spec/constants.js';

export interface Footprint {
  reads: string[];
  writes: string[];
  /** Functions it raises an interrupt on (and otherwise leaves alone). */
  raises: number[];
}

/** A transition of exploration: a scenario command, or a ready work item. */
export type Transition = { item: WorkItem } | { cmd: Command };

/** The top-level key of TwinState an event's recipe may write besides `fns` (undefined: none). */
export function eventCoreKey(type: string): 'aq' | 'pf' | 'sriov' | 'vfMsix' | 'host' | 'mapper' | 'mmio' | 'netCtl' | undefined {
  switch (type.slice(0, type.indexOf('/'))) {
    case 'aq':
      return 'aq';
    case 'pf':
      return 'pf';
    case 'sriov':
      return 'sriov';
    case 'provision':
      return 'vfMsix';
    case 'host':
      return 'host';
    case 'mapper':
      return 'mapper';
    case 'mmio':
      return 'mmio';
    case 'net':
      return 'netCtl';
    default:
      return undefined;
  }
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

const CORE_RESOURCE: Record<string, string> = { pf: 'pf', sriov: 'sriov', vfMsix: 'pool', host: 'host', mapper: 'mapper', mmio: 'mmio', netCtl: 'netCtl' };

const fnNames: string[] = [];
const aqNames: string[] = [];

/** `fn:<i>`, interned (footprints are built for every move explored). */
export function fnRes(i: number): string {
  return fnNames[i] ?? (fnNames[i] = `fn:${i}`);
}

function aqRes(q: number): string {
  return aqNames[q] ?? (aqNames[q] = `aq:${q}`);
}

function add(list: string[], r: string): void {
  if (!list.includes(r)) list.push(r);
}

/** Writes and raises of the events a transition produced. */
export function eventAccesses(events: readonly EventBody[], into: Footprint): void {
  for (const e of events) {
    const fn = touchedFn(e);
    if (fn !== undefined) {
      if (isRaise(e)) {
        if (fn >= 0 && !into.raises.includes(fn)) into.raises.push(fn);
        else if (fn < 0) add(into.writes, 'fn:*');
      } else add(into.writes, fn < 0 ? 'fn:*' : fnRes(fn));
    }
    const core = eventCoreKey(e.type);
    if (core === 'aq') {
      const q = (e as { q?: number }).q;
      add(into.writes, q === undefined ? 'aq:*' : aqRes(q));
      if (e.type === 'aq/submitted') add(into.writes, 'aq.cid');
      if (e.type === 'aq/inUseSet') add(into.writes, 'aq.inUse');
    } else if (core === 'pf') {
      add(into.writes, 'pf');
      add(into.writes, 'aq.inUse');
    } else if (core !== undefined) add(into.writes, CORE_RESOURCE[core]!);
  }
}

/** The functions an admin command's handler reads: its member, none for group-wide commands, or all. */
function commandFns(s: Readonly<TwinState>, cid: number): string {
  const c = s.aq.commands[cid];
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
      return [aqRes(item.q), 'mapper', 'netCtl', 'fn:*'];
    case 'host.resize':
      return [fnRes(item.fn), 'host'];
    case 'mapper.issue':
    case 'mapper.abort':
      return [fnRes(item.fn), 'mapper', 'aq:*', 'aq.inUse', 'aq.cid', 'pf', 'sriov'];
  }
}

/** What the decider and the rules read for a command (`*` where it is not worth narrowing). */
function commandReads(cmd: Command, events: readonly EventBody[]): string[] {
  switch (cmd.op) {
    case 'aq.submit': {
      // The driver records the incarnation of the VF it addresses: that VF is read, no other.
      const reads = [aqRes(cmd.queue ?? 0), 'aq.cid', 'aq.inUse', 'pf', 'sriov', 'mapper', 'netCtl'];
      const sub = events.find((e) => e.type === 'aq/submitted');
      if (sub?.type === 'aq/submitted' && sub.groupType === VIRTIO_ADMIN_GROUP_TYPE_SRIOV && sub.member >= 1) reads.push(fnRes(sub.member));
      return reads;
    }
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
  return 'item' in t ? itemReads(s, t.item) : commandReads(t.cmd, events);
}

/** The footprint of a transition from its reads and the events it produced. */
export function footprintFrom(reads: string[], events: readonly EventBody[]): Footprint {
  const fp: Footprint = { reads, writes: [], raises: [] };
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

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x === y || x === '*' || y === '*') return true;
      if ((x === 'fn:*' && y.startsWith('fn:')) || (y === 'fn:*' && x.startsWith('fn:'))) return true;
      if ((x === 'aq:*' && y.startsWith('aq:')) || (y === 'aq:*' && x.startsWith('aq:'))) return true;
    }
  }
  return false;
}

function raisesHit(raises: readonly number[], other: readonly string[]): boolean {
  if (raises.length === 0) return false;
  for (const y of other) {
    if (y === '*' || y === 'fn:*') return true;
    if (y.startsWith('fn:') && raises.includes(Number(y.slice(3)))) return true;
  }
  return false;
}

/**
 * Whether the order of two transitions can matter: one writes what the other reads or writes, or
 * raises an interrupt on a function the other reads or writes.
 */
export function dependent(a: Footprint, b: Footprint): boolean {
  return (
    overlaps(a.writes, b.writes) ||
    overlaps(a.writes, b.reads) ||
    overlaps(b.writes, a.reads) ||
    raisesHit(a.raises, b.reads) ||
    raisesHit(a.raises, b.writes) ||
    raisesHit(b.raises, a.reads) ||
    raisesHit(b.raises, a.writes)
  );
}
