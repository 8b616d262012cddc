/**
 * Export to the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open. One process ("virtio-twin"), one track per function (PF, VF n), one per
 * admin queue, and a "device core" track for events that touch no function. An admin command is
 * a slice on its queue's track from submission to completion (one tick past it, so the flow
 * end has an enclosing slice), with a flow arrow from the
 * submission (on the addressed function's track) to the completion. Timestamps are virtual
 * ticks, shown as microseconds.
 *
 * Output is streamed: `emit` receives the JSON text in pieces, so a long trace never has to fit
 * in memory as one string.
 */
import { opcodeName } from '../domain/device.js';
import type { Event } from '../domain/events.js';
import { qualifierName, statusName } from '../domain/spec/names.js';
import type { ScanResult, TraceReader } from '../trace/reader.js';

const PID = 1;
const CORE_TID = 1;
const fnTid = (fn: number): number => 10 + fn;
const queueTid = (q: number): number => 1_000_000 + q;

interface Open {
  tick: number;
  opcode: number;
  member: number;
  tag: string;
}

export function exportPerfetto(reader: TraceReader, emit: (text: string) => void): ScanResult {
  let first = true;
  const put = (o: object): void => {
    emit((first ? '' : ',\n') + JSON.stringify(o));
    first = false;
  };
  const named = new Set<number>();
  const track = (tid: number, name: string, sort: number): number => {
    if (!named.has(tid)) {
      named.add(tid);
      put({ ph: 'M', pid: PID, tid, name: 'thread_name', args: { name } });
      put({ ph: 'M', pid: PID, tid, name: 'thread_sort_index', args: { sort_index: sort } });
    }
    return tid;
  };
  const fnTrack = (fn: number): number => track(fnTid(fn), fn === 0 ? 'PF (fn 0)' : `VF ${fn}`, fn + 2);
  const queueTrack = (q: number): number => track(queueTid(q), `admin queue ${q}`, 1);
  const open = new Map<number, Open>();
  emit('{"displayTimeUnit":"ms","traceEvents":[\n');
  put({ ph: 'M', pid: PID, name: 'process_name', args: { name: `virtio-twin: ${reader.header.producer}` } });
  track(CORE_TID, 'device core', 0);
  const result = reader.scan({
    event(e) {
      const args = argsOf(e);
      if (e.type === 'aq/submitted') {
        open.set(e.cid, { tick: e.tick, opcode: e.opcode, member: e.member, tag: e.tag });
        const tid = fnTrack(e.member);
        // Flow ends bind to an enclosing slice, so the submission is a one-tick slice, not an instant.
        put({ ph: 'X', pid: PID, tid, ts: e.tick, dur: 1, name: `submit ${opcodeName(e.opcode)} (${e.tag})`, args });
        put({ ph: 's', cat: 'aq', id: e.cid, pid: PID, tid, ts: e.tick, name: 'admin command' });
        return;
      }
      if (e.type === 'aq/completed') {
        const o = open.get(e.cid);
        const tid = queueTrack(e.q);
        const name = o ? `${opcodeName(o.opcode)} ${statusName(e.status)}/${qualifierName(e.qualifier)}`
          : `cid ${e.cid} ${statusName(e.status)}`;
        put({ ph: 'X', pid: PID, tid, ts: o ? o.tick : e.tick, dur: (o ? e.tick - o.tick : 0) + 1, name,
          args: { ...args, tag: o?.tag, member: o?.member } });
        put({ ph: 'f', bp: 'e', cat: 'aq', id: e.cid, pid: PID, tid, ts: e.tick, name: 'admin command' });
        return;
      }
      if (e.type === 'aq/reaped') for (const c of e.cids) open.delete(c);
      if (e.type === 'aq/aborted') open.delete(e.cid);
      const fn = (e as { fn?: number }).fn;
      const q = (e as { q?: number }).q;
      const tid = fn !== undefined && fn >= 0 ? fnTrack(fn) : q !== undefined ? queueTrack(q) : CORE_TID;
      put({ ph: 'i', s: 't', pid: PID, tid, ts: e.tick, name: e.type, args });
    },
  });
  emit('\n]}\n');
  return result;
}

function argsOf(e: Event): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const body = e as unknown as Record<string, unknown>;
  for (const k in body) if (k !== 'type' && k !== 'tick') out[k] = body[k];
  return out;
}
