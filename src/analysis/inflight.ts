/**
 * Admin commands in flight while a trace is read: submitted and not yet reaped (or aborted by a
 * PF reset). The timeline lists what is left at the end; the Perfetto export draws each command
 * from its submission to its end, one phase after another.
 */
import type { AqCommand, AqPhase } from '../domain/adminq/types.js';
import type { Event } from '../domain/events.js';

export interface InFlight {
  cid: number;
  tag: string;
  q: number;
  opcode: number;
  member: number;
  incarnation: number;
  phase: AqPhase;
  /** Seq of its `aq/submitted`, or -1 when it was already in flight where reading began. */
  submittedSeq: number;
  /** Seq of its latest phase change (submitted, started, completed), or -1. */
  sinceSeq: number;
  status?: number;
  qualifier?: number;
}

/** What an event did to in-flight commands. */
export type Transition =
  | { kind: 'submitted' | 'started' | 'completed'; cmd: InFlight }
  | { kind: 'ended'; cmd: InFlight; how: 'reaped' | 'aborted' };

export class InFlightTracker {
  private readonly open = new Map<number, InFlight>();

  /**
   * Start from the commands in flight in a state (a snapshot's `aq.commands`: the list ordered by
   * cid, or the cid-keyed map of a state view).
   */
  constructor(initial: readonly AqCommand[] | Readonly<Record<number, AqCommand>> = []) {
    for (const c of Object.values(initial) as AqCommand[]) {
      const { cid, tag, q, opcode, member, incarnation, phase, status, qualifier } = c;
      const cmd: InFlight = { cid, tag, q, opcode, member, incarnation, phase, submittedSeq: -1, sinceSeq: -1 };
      this.open.set(cid, { ...cmd, status, qualifier });
    }
  }

  get size(): number {
    return this.open.size;
  }

  /** Commands in flight now, by cid. */
  list(): InFlight[] {
    return [...this.open.values()].sort((a, b) => a.cid - b.cid);
  }

  /** Fold one event in; returns the transitions it caused (usually none). */
  apply(e: Event): Transition[] {
    switch (e.type) {
      case 'aq/submitted': {
        const { cid, tag, q, opcode, member, incarnation } = e;
        const at = { submittedSeq: e.seq, sinceSeq: e.seq };
        const cmd: InFlight = { cid, tag, q, opcode, member, incarnation, phase: 'submitted', ...at };
        this.open.set(cid, cmd);
        return [{ kind: 'submitted', cmd }];
      }
      case 'aq/started':
        return this.phase(e.cid, 'processing', e.seq);
      case 'aq/completed': {
        const t = this.phase(e.cid, 'completed', e.seq);
        for (const x of t) Object.assign(x.cmd, { status: e.status, qualifier: e.qualifier });
        return t;
      }
      case 'aq/reaped':
        return e.cids.flatMap((c) => this.end(c, 'reaped'));
      case 'aq/aborted':
        return this.end(e.cid, 'aborted');
      default:
        return [];
    }
  }

  private phase(cid: number, phase: AqPhase, seq: number): Transition[] {
    const cmd = this.open.get(cid);
    if (!cmd) return [];
    cmd.phase = phase;
    cmd.sinceSeq = seq;
    return [{ kind: phase === 'processing' ? 'started' : 'completed', cmd }];
  }

  private end(cid: number, how: 'reaped' | 'aborted'): Transition[] {
    const cmd = this.open.get(cid);
    if (!cmd) return [];
    this.open.delete(cid);
    return [{ kind: 'ended', cmd, how }];
  }
}
