/**
 * Admin commands in a Perfetto export: each command is an async slice (`b`/`e`, id = the seq of
 * its submission) named after its queue, so commands outstanding together stack on that queue's
 * track, with one nested slice per phase (queued → processing → completed, awaiting reap). A flow
 * arrow goes from the submission (a one-tick slice on the addressed function's track) to where the
 * device answered (a one-tick slice on the queue's track): its completion, its abort by a PF reset,
 * or, for a command that never completed, the end of the trace, where the command is marked
 * "still outstanding". Every flow thus has both ends, and every `b` its `e`.
 */
import type { DeviceConfig } from '../domain/config.js';
import { codeName } from './names.js';
import type { InFlight, Transition } from './inflight.js';
import type { Put, Track, Tracks } from './perfettoTracks.js';
import { PF_PID } from './perfettoTracks.js';

const CAT = 'admin-command';
const FLOW_CAT = 'admin-command.flow';
/** Ids of commands already in flight where the trace starts (they have no submission seq). */
const AT_START_ID = 2 ** 40;

interface Drawn {
  id: number;
  /** The outer slice's name: its queue (Perfetto stacks same-named async slices on one track). */
  outer: string;
  /** The current phase slice's name. */
  phase: string;
  /** A flow from the submission is waiting for its end. */
  flow: boolean;
  cmd: InFlight;
}

const label = (c: InFlight, config: DeviceConfig | undefined): string =>
  `${codeName('opcode', c.opcode, config)} ${c.tag} → ${c.member === 0 ? 'PF' : `VF ${c.member}`}`;

function phaseName(c: InFlight, config: DeviceConfig | undefined): string {
  if (c.phase === 'submitted') return `${label(c, config)}: queued`;
  if (c.phase === 'processing') return `${label(c, config)}: processing`;
  const st = `${codeName('status', c.status ?? 0)}/${codeName('qualifier', c.qualifier ?? 0)}`;
  return `${label(c, config)}: completed ${st}, awaiting reap`;
}

function commandArgs(c: InFlight, config: DeviceConfig | undefined): Record<string, unknown> {
  return {
    cid: c.cid,
    tag: c.tag,
    queue: c.q,
    opcode: codeName('opcode', c.opcode, config),
    member: c.member,
    incarnation: c.incarnation,
    submittedSeq: c.submittedSeq,
  };
}

export class CommandSlices {
  private readonly drawn = new Map<number, Drawn>();

  constructor(
    private readonly put: Put,
    private readonly tracks: Tracks,
    /** The recorded device, which numbers the opcodes (`extOpcodes`). */
    private readonly config?: DeviceConfig,
  ) {}

  private async(ph: 'b' | 'e' | 'n', d: Drawn, name: string, ts: number, args?: object): void {
    // Async slices belong to the process; the tid (the queue's) is for viewers that want one.
    const tid = this.tracks.queue(d.cmd.q).tid;
    this.put({ ph, cat: CAT, id: d.id, pid: PF_PID, tid, name, ts, ...(args ? { args } : {}) });
  }

  private anchor(track: Track, ts: number, name: string, args: object): void {
    this.put({ ph: 'X', pid: track.pid, tid: track.tid, ts, dur: 1, name, args });
  }

  /** Commands in flight where the trace starts: drawn from its first instant. */
  atStart(cmds: readonly InFlight[], ts: number): void {
    for (const c of cmds) {
      const d: Drawn = {
        id: AT_START_ID + c.cid,
        outer: `admin queue ${c.q}`,
        phase: phaseName(c, this.config),
        flow: false,
        cmd: c,
      };
      this.drawn.set(c.cid, d);
      this.async('b', d, d.outer, ts, { ...commandArgs(c, this.config), inFlightAtTraceStart: true });
      this.async('b', d, d.phase, ts);
    }
  }

  /** Draw what an event did to a command; `member` is the addressed function's track. */
  transition(t: Transition, ts: number, member: Track, seq: number): void {
    const c = t.cmd;
    if (t.kind === 'submitted') {
      const phase = phaseName(c, this.config);
      const d: Drawn = { id: c.submittedSeq, outer: `admin queue ${c.q}`, phase, flow: true, cmd: c };
      this.drawn.set(c.cid, d);
      this.anchor(member, ts, `submit ${label(c, this.config)}`, { ...commandArgs(c, this.config), seq });
      this.put({ ph: 's', cat: FLOW_CAT, id: d.id, pid: member.pid, tid: member.tid, ts, name: 'admin command' });
      this.async('b', d, d.outer, ts, commandArgs(c, this.config));
      this.async('b', d, d.phase, ts);
      return;
    }
    const d = this.drawn.get(c.cid);
    if (!d) return;
    this.async('e', d, d.phase, ts);
    if (t.kind === 'ended') {
      if (t.how === 'aborted') this.answer(d, ts, `aborted by PF reset: ${label(c, this.config)}`, { seq });
      this.async('e', d, d.outer, ts, { end: t.how, endSeq: seq });
      this.drawn.delete(c.cid);
      return;
    }
    if (t.kind === 'completed') this.answer(d, ts, phaseName(c, this.config).replace(', awaiting reap', ''), { seq });
    d.phase = phaseName(c, this.config);
    this.async('b', d, d.phase, ts);
  }

  /** The device's answer on the queue's track, where the submission's flow ends. */
  private answer(d: Drawn, ts: number, name: string, extra: object): void {
    const q = this.tracks.queue(d.cmd.q);
    this.anchor(q, ts, name, { ...commandArgs(d.cmd, this.config), ...extra });
    if (!d.flow) return;
    this.put({ ph: 'f', bp: 'e', cat: FLOW_CAT, id: d.id, pid: q.pid, tid: q.tid, ts, name: 'admin command' });
    d.flow = false;
  }

  /**
   * Close every command still outstanding at `ts`, marked so; returns the end of the trace
   * (one tick per outstanding command later, so their marks do not overlap).
   */
  finish(ts: number): number {
    const open = [...this.drawn.values()].sort((a, b) => a.id - b.id);
    const end = ts + open.length;
    open.forEach((d, i) => {
      const mark = `still outstanding at end of trace: ${phaseName(d.cmd, this.config)}`;
      const args = { outstandingAtEnd: true, phase: d.cmd.phase };
      this.async('n', d, mark, ts + i, args);
      this.answer(d, ts + i, mark, args);
      this.async('e', d, d.phase, end, args);
      this.async('e', d, d.outer, end, { end: 'outstanding at end of trace' });
    });
    this.drawn.clear();
    return end;
  }
}
