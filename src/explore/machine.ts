/**
 * The explored system (README "Systematic exploration"): the engine's working copy (no immer),
 * the actors' positions in their lanes, and what the current path did. A move is an actor's next
 * command or a ready work item; `step` runs one, checks the expectations that follow it, and runs
 * the barriers it reaches. `mark`/`restore` backtrack cheaply: copy-on-write state (./cow.ts), a
 * copy of the rules' memory, counters.
 */
import type { Command } from '../domain/commands.js';
import type { Event, EventBody } from '../domain/events.js';
import { footprintFrom, readsOf, type Footprint } from '../domain/footprint.js';
import { itemKey, type Actor, type WorkItem } from '../domain/items.js';
import { Engine } from '../engine/engine.js';
import type { Clock } from '../engine/clock.js';
import type { MonitorMark, Violation } from '../rules/framework.js';
import type { TwinState } from '../domain/state.js';
import { expectSpec } from '../scenario/expectations.js';
import { RunLog } from '../scenario/log.js';
import { CowState, type Snapshot } from './cow.js';
import { Combiner, laneA, lastLaneB, type Print } from './fingerprint.js';
import type { Problem } from './problem.js';

/** The engine with copy-on-write before each event, and the events of the current move kept. */
class CowEngine extends Engine {
  cow: CowState | null = null;
  readonly events: EventBody[] = [];

  protected override apply(e: Event): void {
    this.cow?.beforeEvent(e);
    super.apply(e);
    this.events.push(e);
  }
}

export interface Move {
  /** Names the move within a node and across it (sleep sets): `s<step index>` or the item's key. */
  key: string;
  item?: WorkItem;
  /** Lane of the current segment whose head this is. */
  lane?: number;
}

/** A rule violation or failed expectation a move produced. */
export interface Found {
  /** Rule id, or `expect:steps[<i>]` for a failed expectation. */
  rule: string;
  /** The rule's actor; `device` for an expectation (what the scenario expects of the device). */
  actor: Actor;
  message: string;
  seq: number;
  /** Documented by `expect: violation`: counted, not a finding. */
  documented: boolean;
}

/** One entry of a path, as a scenario could replay it. */
export type PathEntry = { cmd: Command } | { settle: true } | { expect: number };

export interface MachineMark {
  snap: Snapshot;
  seq: number;
  commandIndex: number;
  tick: number;
  monitor: MonitorMark;
  log: RunLog | null;
  seg: number;
  heads: number[];
  lastOp: number;
  path: number;
  fps: number;
}

/** The virtual clock, set back on restore. */
class SettableClock implements Clock {
  t = 0;
  now = (): number => this.t;
  advance = (ticks: number): void => {
    this.t += ticks;
  };
}

export class Machine {
  private readonly engine: CowEngine;
  private readonly cow: CowState;
  private readonly clock = new SettableClock();
  private log: RunLog | null;
  private seg = 0;
  private heads: number[] = [];
  private lastOp = -1;
  private cached: Move[] | null = null;
  private readonly keyNoViolations: boolean;
  private readonly comb = new Combiner();
  private readonly memPrints = new WeakMap<object, Print>();
  /** What the path did, for reproducers; and each move's footprint (the path's causal order). */
  readonly path: PathEntry[] = [];
  readonly fps: Footprint[] = [];
  /** What the start broke before any move: expectations at the top, barriers of empty segments. */
  readonly startFound: Found[] = [];

  constructor(
    readonly problem: Problem,
    opts: { freeze?: boolean } = {},
  ) {
    this.log = problem.expects.length ? new RunLog(problem.config) : null;
    const observers = [{ onEvent: (e: Event) => this.log?.onEvent(e) }];
    this.engine = new CowEngine({ config: problem.config, clock: this.clock, observers });
    this.keyNoViolations = problem.expects.some((x) => x.step.expect === 'no-violations');
    this.replayPrefix();
    this.cow = new CowState(this.engine.state, opts.freeze);
    this.engine.cow = this.cow;
    this.heads = this.segment().lanes.map(() => 0);
    const before = this.engine.violations.length;
    this.checkExpects(this.segment().opening, this.startFound);
    this.normalize(this.startFound);
    for (const v of this.engine.violations.slice(before)) this.startFound.push(this.found(v));
  }

  /** The working copy (read it; it changes with every step). */
  get state(): Readonly<TwinState> {
    return this.engine.state;
  }

  /** Every violation of the current path, prefix included. */
  get violations(): readonly Violation[] {
    return this.engine.violations;
  }

  private segment() {
    return this.problem.segments[this.seg]!;
  }

  private replayPrefix(): void {
    const { prefix, prefixSettles } = this.problem;
    prefix.forEach((cmd, i) => {
      if (cmd.op === 'device.run') {
        const key = itemKey(cmd.item);
        const item = this.engine.ready().find((r) => itemKey(r) === key);
        if (!item) throw new RangeError(`the trace's command ${i} runs ${key}, which is not ready on replay`);
        this.engine.execute({ op: 'device.run', item });
      } else this.engine.execute(cmd);
      this.path.push({ cmd });
      if (prefixSettles.includes(i)) this.engine.settled();
    });
  }

  private found(v: Omit<Found, 'documented'>): Found {
    return { ...v, documented: this.problem.documented.includes(v.rule) };
  }

  /** The enabled moves: actors' next commands in written order, then ready work in the device's order. */
  moves(): Move[] {
    if (this.cached) return this.cached;
    const out: Move[] = [];
    const lanes = this.segment().lanes;
    for (let l = 0; l < lanes.length; l++) {
      const step = lanes[l]!.steps[this.heads[l]!];
      if (step) out.push({ key: `s${step.index}`, lane: l });
    }
    if (out.length > 1) out.sort((a, b) => Number(a.key.slice(1)) - Number(b.key.slice(1)));
    for (const item of this.engine.ready()) out.push({ key: itemKey(item), item });
    this.cached = out;
    return out;
  }

  /** Run one move (and any barrier it leads to); what it touched and what it broke. */
  step(move: Move): { fp: Footprint; found: Found[] } {
    const found: Found[] = [];
    const before = this.engine.violations.length;
    const ev = this.engine.events;
    ev.length = 0;
    this.cached = null;
    let reads: string[];
    if (move.item) {
      reads = readsOf(this.engine.state, { item: move.item }, ev);
      const cmd: Command = { op: 'device.run', item: move.item };
      this.engine.execute(cmd);
      this.path.push({ cmd });
    } else {
      const lane = this.segment().lanes[move.lane!]!;
      const step = lane.steps[this.heads[move.lane!]!]!;
      this.heads[move.lane!]!++;
      this.log?.beginOp();
      this.engine.execute(step.cmd);
      this.log?.endOp();
      this.lastOp = step.index;
      this.path.push({ cmd: step.cmd });
      // Its expectations read whatever they name (completions, state paths, interrupt counts).
      reads = step.expects.length ? ['*'] : readsOf(this.engine.state, { cmd: step.cmd }, ev);
      this.checkExpects(step.expects, found);
    }
    const fp = footprintFrom(reads, ev);
    this.fps.push(fp);
    this.normalize(found);
    for (const v of this.engine.violations.slice(before)) found.unshift(this.found(v));
    found.sort((a, b) => a.seq - b.seq);
    return { fp, found };
  }

  /** Barriers: when nothing can move and a segment follows, settle (liveness) and open it. */
  private normalize(found: Found[]): void {
    while (this.moves().length === 0 && this.seg < this.problem.segments.length - 1) {
      this.engine.settled();
      this.path.push({ settle: true });
      this.seg++;
      this.heads = this.segment().lanes.map(() => 0);
      this.cached = null;
      this.checkExpects(this.segment().opening, found);
    }
  }

  private checkExpects(which: readonly number[], found: Found[]): void {
    for (const x of which) {
      const { index, step } = this.problem.expects[x]!;
      this.path.push({ expect: index });
      const why = expectSpec(step.expect)!.evaluate(step, {
        state: this.engine.state,
        log: this.log!,
        violations: this.engine.violations,
        lastOp: this.lastOp,
      });
      // Judged after every event so far (and after liveness, at a barrier): ordered after them.
      const seq = this.engine.seq;
      if (why !== null) found.push(this.found({ rule: `expect:steps[${index}]`, actor: 'device', message: why, seq }));
    }
  }

  /**
   * Identifies the node: state, rules' memory, positions, and what later expectations read. 53
   * bits of a 64-bit fingerprint (a number key is much cheaper to store than a string): two
   * distinct nodes collide with probability about n^2 / 2^54 over n nodes (1e-4 at a million).
   */
  key(): number {
    const c = this.comb.reset();
    this.cow.print(c);
    const { monitor } = this.engine;
    const mems = monitor.memory;
    for (let i = 0; i < mems.length; i++) {
      if (monitor.rules[i]!.scratch) continue;
      const m = mems[i];
      if (typeof m === 'object' && m !== null && monitor.memoryShared(i)) c.addPrint(this.memPrint(m));
      else c.addValue(m, 'seq');
    }
    c.add(this.seg, this.heads.length);
    for (const h of this.heads) c.add(h, 1);
    if (this.log) c.addValue(this.log.data());
    if (this.keyNoViolations) c.add(this.engine.violations.length > 0 ? 1 : 0, 2);
    return c.key();
  }

  /**
   * A rule memory's fingerprint, once per memory object a mark shares (it never changes again).
   * Rules keep event seqs only to name them in messages, and two orders that reach the same point
   * number the same events differently: seqs are left out.
   */
  private memPrint(m: object): Print {
    let p = this.memPrints.get(m);
    if (!p) {
      p = { a: laneA(m, 'seq'), b: lastLaneB() };
      this.memPrints.set(m, p);
    }
    return p;
  }

  mark(): MachineMark {
    return {
      snap: this.cow.save(),
      seq: this.engine.seq,
      commandIndex: this.engine.commandIndex,
      tick: this.clock.t,
      monitor: this.engine.monitor.mark(),
      log: this.log ? this.log.clone() : null,
      seg: this.seg,
      heads: this.heads.slice(),
      lastOp: this.lastOp,
      path: this.path.length,
      fps: this.fps.length,
    };
  }

  restore(m: MachineMark): void {
    this.cow.restore(m.snap);
    this.engine.seq = m.seq;
    this.engine.commandIndex = m.commandIndex;
    this.clock.t = m.tick;
    this.engine.monitor.restore(m.monitor);
    this.log = m.log ? m.log.clone() : null;
    this.seg = m.seg;
    this.heads = m.heads.slice();
    this.lastOp = m.lastOp;
    this.path.length = m.path;
    this.fps.length = m.fps;
    this.cached = null;
  }

  /** The commands of the current path (prefix included): a reproducer's command list. */
  commands(): Command[] {
    const out: Command[] = [];
    for (const p of this.path) if ('cmd' in p) out.push(p.cmd);
    return out;
  }
}
