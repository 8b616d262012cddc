/**
 * Copy-on-write snapshots of the engine's working copy, so exploration can backtrack without
 * copying the whole state at every choice point (README "Systematic exploration"). A snapshot
 * shares every region of the state with the working copy; before an event that writes state is
 * applied, the regions its recipe may write are copied (only the first time after a save or
 * restore): the function it names (`fn`, -1 = all), the core region of its area
 * (src/domain/footprint.ts `eventCoreKey`), and within the admin queues only the queue (`q`) and
 * commands (`cid`, `cids`) it names; a PF event may reset all of them. A test freezes snapshots
 * and explores every bundled scenario, so a recipe writing anything else fails loudly.
 *
 * The same bookkeeping makes the fingerprint incremental: a region shared with a snapshot never
 * changes again, so its fingerprint is computed once and remembered by identity.
 */
import { aqCommand } from '../domain/adminq/inflight.js';
import type { AqState } from '../domain/adminq/types.js';
import type { EventBody } from '../domain/events.js';
import { eventCoreKey, writesState } from '../domain/footprint.js';
import type { FnState, TwinState } from '../domain/state.js';
import { clonePlain } from '../util/clone.js';
import { addLanes, addPrint, laneA, lastLaneB, print, subPrint, type Combiner, type Print } from './fingerprint.js';

type CoreKey = 'pf' | 'sriov' | 'vfMsix' | 'host' | 'mapper' | 'mmio' | 'netCtl';
const CORE_KEYS: readonly CoreKey[] = ['pf', 'sriov', 'vfMsix', 'host', 'mapper', 'mmio', 'netCtl'];

export interface Snapshot {
  readonly core: Readonly<Record<CoreKey, unknown>>;
  readonly aq: AqState;
  readonly fns: readonly FnState[];
  readonly fnSum: Print;
  readonly cmdSum: Print;
}

function zeroGens(): Record<CoreKey, number> {
  return { pf: 0, sriov: 0, vfMsix: 0, host: 0, mapper: 0, mmio: 0, netCtl: 0 };
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

export class CowState {
  private gen = 1;
  private readonly fnGen: Int32Array;
  private ownedFns: number[] = [];
  private readonly coreGen: Record<CoreKey, number> = zeroGens();
  private aqGen = 0;
  private inUseGen = 0;
  private readonly queueGen: number[] = [];
  private readonly cmdGen: number[] = [];
  private ownedCmds: number[] = [];
  /** Sums of the fingerprints of the functions / admin commands shared with a snapshot. */
  private fnSum: Print = { a: 0, b: 0 };
  private cmdSum: Print = { a: 0, b: 0 };
  private readonly prints = new WeakMap<object, Print>();

  /** `freeze`: deep-freeze what snapshots share, so a write the bookkeeping missed throws (tests). */
  constructor(
    private readonly s: TwinState,
    private readonly freeze = false,
  ) {
    this.fnGen = new Int32Array(s.fns.length);
    for (let i = 0; i < s.fns.length; i++) addPrint(this.fnSum, this.shared(s.fns[i]!), i);
    for (const c of s.aq.commands) addPrint(this.cmdSum, this.shared(c), c.cid);
    if (freeze) this.freezeShared();
  }

  /** The fingerprint of an object no one writes any more. */
  private shared(o: object): Print {
    let p = this.prints.get(o);
    if (!p) {
      p = print(o);
      this.prints.set(o, p);
    }
    return p;
  }

  /** Copy what `e`'s recipe may write, unless already private to the working copy. */
  beforeEvent(e: EventBody): void {
    if (!writesState(e)) return;
    const s = this.s;
    const fn = (e as { fn?: number }).fn;
    if (fn !== undefined) {
      if (fn >= 0) this.ownFn(fn);
      else for (let i = 0; i < s.fns.length; i++) this.ownFn(i);
    }
    const core = eventCoreKey(e.type);
    if (core === undefined) return;
    if (core === 'aq' || core === 'pf') this.ownAq(e, core === 'pf');
    if (core !== 'aq' && this.coreGen[core] !== this.gen) {
      this.coreGen[core] = this.gen;
      (s as unknown as Record<CoreKey, unknown>)[core] = clonePlain(s[core]);
    }
  }

  private ownFn(i: number): void {
    if (i >= this.fnGen.length || this.fnGen[i] === this.gen) return;
    const f = this.s.fns[i]!;
    subPrint(this.fnSum, this.shared(f), i);
    this.s.fns[i] = clonePlain(f);
    this.fnGen[i] = this.gen;
    this.ownedFns.push(i);
  }

  /** The admin queues' shell, then what `e` names in it (a PF reset: everything). */
  private ownAq(e: EventBody, all: boolean): void {
    const s = this.s;
    if (this.aqGen !== this.gen) {
      this.aqGen = this.gen;
      s.aq = { ...s.aq, queues: s.aq.queues.slice(), commands: s.aq.commands.slice() };
    }
    if ((all || e.type === 'aq/inUseSet') && this.inUseGen !== this.gen) {
      this.inUseGen = this.gen;
      s.aq.inUse = clonePlain(s.aq.inUse);
    }
    const x = e as { q?: number; cid?: number; cids?: number[] };
    if (all) {
      for (let q = 0; q < s.aq.queues.length; q++) this.ownQueue(q);
      for (const c of s.aq.commands) this.ownCmd(c.cid);
      return;
    }
    if (x.q !== undefined) this.ownQueue(x.q);
    if (x.cid !== undefined) this.ownCmd(x.cid);
    if (x.cids) for (const c of x.cids) this.ownCmd(c);
  }

  private ownQueue(q: number): void {
    const queues = this.s.aq.queues;
    if (this.queueGen[q] === this.gen || q >= queues.length) return;
    this.queueGen[q] = this.gen;
    queues[q] = clonePlain(queues[q]!);
  }

  /** The command `cid` (if in flight) copied into the working copy's list (ordered by cid, not keyed). */
  private ownCmd(cid: number): void {
    if (this.cmdGen[cid] === this.gen) return;
    const c = aqCommand(this.s.aq, cid);
    if (c) {
      subPrint(this.cmdSum, this.shared(c), cid);
      const list = this.s.aq.commands;
      list[list.indexOf(c)] = { ...c };
    }
    this.cmdGen[cid] = this.gen;
    this.ownedCmds.push(cid);
  }

  /** Mix the fingerprint of the whole state (config aside: it never changes) into `into`. */
  print(into: Combiner): void {
    const s = this.s;
    const fns: Print = { a: this.fnSum.a, b: this.fnSum.b };
    for (const i of this.ownedFns) addLanes(fns, laneA(s.fns[i]), lastLaneB(), i);
    into.addPrint(fns);
    const cmds: Print = { a: this.cmdSum.a, b: this.cmdSum.b };
    for (const cid of this.ownedCmds) {
      const c = aqCommand(s.aq, cid);
      if (c) addLanes(cmds, laneA(c), lastLaneB(), cid);
    }
    into.addPrint(cmds);
    const { queues } = s.aq;
    for (let q = 0; q < queues.length; q++) this.region(into, queues[q], this.queueGen[q] === this.gen);
    this.region(into, s.aq.inUse, this.inUseGen === this.gen);
    into.add(s.aq.nextCid, s.aq.queues.length);
    for (const k of CORE_KEYS) this.region(into, s[k], this.coreGen[k] === this.gen);
  }

  private region(into: Combiner, v: unknown, owned: boolean): void {
    if (typeof v !== 'object' || v === null || owned) into.addValue(v);
    else into.addPrint(this.shared(v));
  }

  /** Everything the working copy holds becomes shared with the returned snapshot. */
  save(): Snapshot {
    const s = this.s;
    for (const i of this.ownedFns) addPrint(this.fnSum, this.shared(s.fns[i]!), i);
    for (const cid of this.ownedCmds) {
      const c = aqCommand(s.aq, cid);
      if (c) addPrint(this.cmdSum, this.shared(c), cid);
    }
    const core = {} as Record<CoreKey, unknown>;
    for (const k of CORE_KEYS) core[k] = s[k];
    const snap: Snapshot = { core, aq: s.aq, fns: s.fns.slice(), fnSum: { ...this.fnSum }, cmdSum: { ...this.cmdSum } };
    this.nextGen();
    if (this.freeze) this.freezeShared();
    return snap;
  }

  /** The working copy becomes the snapshot's state again (sharing everything with it). */
  restore(snap: Snapshot): void {
    const s = this.s as unknown as Record<string, unknown>;
    for (const k of CORE_KEYS) s[k] = snap.core[k];
    s.aq = snap.aq;
    s.fns = snap.fns.slice();
    this.fnSum = { ...snap.fnSum };
    this.cmdSum = { ...snap.cmdSum };
    this.nextGen();
  }

  private nextGen(): void {
    this.gen++;
    this.ownedFns = [];
    this.ownedCmds = [];
  }

  private freezeShared(): void {
    const s = this.s;
    for (const k of CORE_KEYS) deepFreeze(s[k]);
    deepFreeze(s.aq);
    for (const f of s.fns) deepFreeze(f);
  }
}
