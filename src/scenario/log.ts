/**
 * RunLog: an engine observer that keeps what a scenario's expectations and the `run --json`
 * report need, folded from events as they happen: every admin command by tag (device outcome and
 * the driver's view), interrupt counts per (fn, vector), and the events of the current command.
 * Work per event is O(1); nothing here scans state per event.
 */
import { driverView, writableLayout, type WritableLayout, type WritableSpec } from '../domain/adminq/writable.js';
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import { setEntries } from '../domain/msix/bits.js';
import { isPending } from '../domain/msix/table.js';
import { opcodeName } from '../domain/device.js';
import type { Event } from '../domain/events.js';
import type { TwinState } from '../domain/state.js';
import { qualifierName, statusName } from '../domain/spec/names.js';
import type { EngineObserver } from '../engine/engine.js';
import type { CommandOut, CompletionOut, InterruptOut } from './types.js';

export interface CommandRecord {
  tag: string;
  queue: number;
  cid: number | null;
  opcode: number | null;
  member: number | null;
  /** Set when the device completed it (status block written, used ring). */
  status: number | null;
  qualifier: number | null;
  result: string | null;
  /** Bytes the device reported as used (status block included), once completed. */
  usedLen: number | null;
  /** The driver's result descriptor past the bytes the device wrote (hex), once completed. */
  resultBeyond: string | null;
  /** The result as Linux hands it to the caller (hex), once completed. */
  driverResult: string | null;
  /** Status as the driver reads it from its status descriptor (Linux returns -status), once completed. */
  driverStatus: number | null;
  /** The writable part as the driver laid it out. */
  layout: WritableLayout;
  /** "pending" until the driver reaps it; then "OK" / the errno name; "EIO" if a reset aborted it; the errno of a
   * rejected submit. */
  driver: string;
  reason?: string;
}

/** A command step the model refused (an event type ending in /refused or /rejected). */
export interface Refusal {
  type: string;
  errno: string;
  reason: string;
  /** The tag of a rejected submit. */
  tag?: string;
}

interface IrqTally {
  fn: number;
  vector: number;
  delivered: number;
  pended: number;
}

export class RunLog implements EngineObserver {
  readonly commands: CommandRecord[] = [];
  /** In completion (used-ring) order. */
  readonly completed: CommandRecord[] = [];
  private readonly byTag = new Map<string, CommandRecord>();
  private readonly byCid = new Map<number, CommandRecord>();
  private readonly irq = new Map<string, IrqTally>();
  /** Events produced by the most recent scenario command step (for `refused`). */
  opEvents: Event[] = [];
  private collecting = false;
  /** The `writable` of the submit being executed, until its aq/submitted event names the tag. */
  private submitting: WritableSpec | undefined;

  /** `config`: the run's device, which numbers the opcodes the log names (`extOpcodes`). */
  constructor(private readonly config?: DeviceConfig) {}

  /** The runner calls this before a command step, and `endOp` after it. */
  beginOp(): void {
    this.opEvents = [];
    this.collecting = true;
  }

  endOp(): void {
    this.collecting = false;
  }

  /**
   * The refusal among the most recent command step's events, if it was refused: the first event
   * with an errno whose type ends in /refused or /rejected (README "Expectations").
   */
  opRefusal(): Refusal | undefined {
    for (const e of this.opEvents) {
      if ('errno' in e && /\/(refused|rejected)$/.test(e.type)) {
        const r = e as { type: string; errno: string; reason?: string; tag?: string };
        return { type: r.type, errno: r.errno, reason: r.reason ?? '', ...(r.tag !== undefined ? { tag: r.tag } : {}) };
      }
    }
    return undefined;
  }

  /**
   * An independent copy of everything the log has folded so far (exploration backtracks to it).
   * O(commands + vectors): exploration copies a log only for scenarios whose expectations read it.
   */
  clone(): RunLog {
    const c = new RunLog(this.config);
    const copies = new Map<CommandRecord, CommandRecord>();
    for (const r of this.commands) {
      const x = { ...r };
      copies.set(r, x);
      c.add(x);
      if (x.cid !== null) c.byCid.set(x.cid, x);
    }
    for (const r of this.completed) c.completed.push(copies.get(r)!);
    for (const [k, t] of this.irq) c.irq.set(k, { ...t });
    c.opEvents = this.opEvents;
    return c;
  }

  /**
   * What expectations can read from the log, as plain data in a fixed order (for a fingerprint):
   * every command's record and the interrupt tallies; not the order commands completed in.
   */
  data(): unknown {
    return { commands: this.commands, irq: [...this.irq.keys()].sort().map((k) => this.irq.get(k)) };
  }

  command(tag: string): CommandRecord | undefined {
    return this.byTag.get(tag);
  }

  onCommand(_index: number, _tick: number, c: Command): void {
    this.submitting = c.op === 'aq.submit' ? c.writable : undefined;
  }

  onEvent(e: Event): void {
    if (this.collecting) this.opEvents.push(e);
    switch (e.type) {
      case 'aq/submitted': {
        const r: CommandRecord = { tag: e.tag, queue: e.q, cid: e.cid, opcode: e.opcode, member: e.member,
          status: null, qualifier: null, result: null, usedLen: null, resultBeyond: null, driverResult: null,
          driverStatus: null, layout: writableLayout(this.submitting, e.resultLen), driver: 'pending' };
        this.add(r);
        this.byCid.set(e.cid, r);
        return;
      }
      case 'aq/rejected':
        this.add({ tag: e.tag, queue: e.q, cid: null, opcode: null, member: null, status: null, qualifier: null,
          result: null, usedLen: null, resultBeyond: null, driverResult: null, driverStatus: null,
          layout: writableLayout(this.submitting, 0), driver: e.errno, reason: e.reason });
        return;
      case 'aq/completed': {
        const r = this.byCid.get(e.cid);
        if (!r) return;
        r.status = e.status;
        r.qualifier = e.qualifier;
        r.result = e.result;
        r.usedLen = e.usedLen;
        const view = driverView(r.layout, e.status, e.qualifier, e.result, e.usedLen);
        r.driverStatus = view.status;
        r.resultBeyond = view.resultBeyond;
        r.driverResult = view.result;
        this.completed.push(r);
        return;
      }
      case 'aq/reaped':
        // Linux returns -status as the errno, status read from its own status buffer (what the
        // device wrote there, else what the buffer held); status names are the errno names.
        for (const cid of e.cids) {
          const r = this.byCid.get(cid);
          if (r && r.driverStatus !== null) r.driver = statusName(r.driverStatus);
        }
        return;
      case 'aq/aborted': {
        const r = this.byCid.get(e.cid);
        if (r) {
          r.driver = 'EIO';
          r.reason = `PF reset while ${e.phase}`;
        }
        return;
      }
      case 'msix/delivered':
        this.tally(e.fn, e.vector).delivered++;
        return;
      case 'msix/pended':
        this.tally(e.fn, e.vector).pended++;
        return;
      case 'host/irqLost':
        // Sent by the device but lost at the host (no handler, resize window): activity all the same.
        this.tally(e.fn, e.vector);
        return;
      default:
        return;
    }
  }

  private add(r: CommandRecord): void {
    this.commands.push(r);
    this.byTag.set(r.tag, r);
  }

  private tally(fn: number, vector: number): IrqTally {
    const key = `${fn}:${vector}`;
    let t = this.irq.get(key);
    if (!t) {
      t = { fn, vector, delivered: 0, pended: 0 };
      this.irq.set(key, t);
    }
    return t;
  }

  delivered(fn: number, vector: number): number {
    return this.irq.get(`${fn}:${vector}`)?.delivered ?? 0;
  }

  completionsOut(): CompletionOut[] {
    return this.completed.map((r) => ({
      tag: r.tag,
      opcode: opcodeName(r.opcode!, this.config),
      member: r.member!,
      queue: r.queue,
      status: statusName(r.status!),
      qualifier: qualifierName(r.qualifier!),
      result: r.result ?? '',
      usedLen: r.usedLen!,
      resultBeyond: r.resultBeyond ?? '',
      driverResult: r.driverResult ?? '',
      driver: r.driver,
    }));
  }

  commandsOut(): CommandOut[] {
    return this.commands.map((r) => ({
      tag: r.tag,
      queue: r.queue,
      opcode: r.opcode === null ? null : opcodeName(r.opcode, this.config),
      member: r.member,
      status: r.status === null ? null : statusName(r.status),
      driver: r.driver,
      ...(r.reason ? { reason: r.reason } : {}),
    }));
  }

  /** Every vector that saw a delivery or a pend, plus any PBA bit set at the end; sorted by (fn, vector). */
  interruptsOut(s: Readonly<TwinState>): InterruptOut[] {
    const seen = new Map<string, InterruptOut>();
    for (const t of this.irq.values()) seen.set(`${t.fn}:${t.vector}`,
      { fn: t.fn, vector: t.vector, delivered: t.delivered, pending: pendingBit(s, t.fn, t.vector) });
    for (let fn = 0; fn < s.fns.length; fn++) {
      const m = s.fns[fn]!.msix;
      for (const v of setEntries(m.pba, m.tableSize)) {
        if (!seen.has(`${fn}:${v}`)) seen.set(`${fn}:${v}`, { fn, vector: v, delivered: 0, pending: true });
      }
    }
    return [...seen.values()].sort((a, b) => a.fn - b.fn || a.vector - b.vector);
  }
}

/** The PBA bit of (fn, vector) (fns[fn].msix.pba, packed); false when the entry does not exist. */
export function pendingBit(s: Readonly<TwinState>, fn: number, vector: number): boolean {
  const m = s.fns[fn]?.msix;
  return !!m && vector < m.tableSize && isPending(m, vector);
}
