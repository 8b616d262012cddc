/**
 * Export to the Chrome Trace Event Format (JSON), which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open (README "Seeing a run"). Tracks: ./perfettoTracks.ts; admin commands as
 * async slices with flows: ./perfettoCommands.ts; counters: ./perfettoCounters.ts. Every event is
 * an instant on its function's (or queue's) track with its fields as args; every violation an
 * instant on the guilty actor's track with rule, section and message; every settle point a
 * global instant.
 *
 * Time: the trace's events are one microsecond apart, plus the virtual clock's ticks, so events
 * keep their order, never share an instant, and a `time.advance` shows as a gap. Args carry the
 * real seq and tick. The state is folded along (from the trace's start state) to name each VF
 * incarnation and to sample the counters.
 *
 * Output is streamed: `emit` receives the JSON text in pieces, so a long trace never has to fit
 * in memory as one string. The output passes ./tefCheck.ts.
 */
import { applyRecorded } from './apply.js';
import type { Event } from '../domain/events.js';
import type { ScanResult, TraceReader } from '../trace/reader.js';
import { InFlightTracker } from './inflight.js';
import { namedEvent } from './names.js';
import { CommandSlices } from './perfettoCommands.js';
import { Counters } from './perfettoCounters.js';
import { Tracks, type Track } from './perfettoTracks.js';
import { startState } from './start.js';
import { ruleSection } from './timeline.js';

export interface PerfettoResult extends ScanResult {
  events: number;
  violations: number;
  /** Admin commands still outstanding at the end, drawn to the end of the trace. */
  outstanding: number;
}

/** Events drawn as a command's slices and flow ends rather than as instants. */
const DRAWN_AS_COMMAND = new Set(['aq/submitted', 'aq/completed', 'aq/aborted']);

export function exportPerfetto(reader: TraceReader, emit: (text: string) => void): PerfettoResult {
  let first = true;
  const put = (o: object): void => {
    emit((first ? '' : ',\n') + JSON.stringify(o));
    first = false;
  };
  emit('{"displayTimeUnit":"ms","traceEvents":[\n');
  const tracks = new Tracks(put, reader.header.producer);
  const state = startState(reader);
  const start = reader.header.start;
  const tsOf = (seq: number, tick: number): number => Math.max(0, seq - start.seq + tick - start.tick);
  const tracker = new InFlightTracker(state.aq.commands);
  const counters = new Counters(put, 0);
  const commands = new CommandSlices(put, tracks, reader.header.config);
  const perQueue = state.aq.queues.map(() => 0);
  for (const c of tracker.list()) perQueue[c.q] = (perQueue[c.q] ?? 0) + 1;
  perQueue.forEach((n, q) => counters.queue(q, n, 0));
  commands.atStart(tracker.list(), 0);
  const fnTrack = (fn: number): Track => {
    const f = state.fns[fn];
    return tracks.fn(fn, f?.life.incarnation ?? 0, f !== undefined);
  };
  const trackOf = (e: Event): Track => {
    if (e.type.startsWith('mmio/')) return tracks.mmioDevice();
    const { fn, q } = e as { fn?: number; q?: number };
    if (fn !== undefined) return fnTrack(Math.max(0, fn));
    return q !== undefined ? tracks.queue(q) : tracks.core();
  };
  let lastTs = 0;
  let lastTick = start.tick;
  let events = 0;
  let violations = 0;
  const result = reader.scan({
    event(e) {
      applyRecorded(reader, state, e);
      const ts = tsOf(e.seq, e.tick);
      lastTs = ts;
      lastTick = e.tick;
      events++;
      for (const t of tracker.apply(e)) {
        commands.transition(t, ts, fnTrack(t.cmd.member), e.seq);
        if (t.kind !== 'submitted' && t.kind !== 'ended') continue;
        const n = (perQueue[t.cmd.q] ?? 0) + (t.kind === 'submitted' ? 1 : -1);
        perQueue[t.cmd.q] = n;
        counters.queue(t.cmd.q, n, ts);
      }
      if (!DRAWN_AS_COMMAND.has(e.type)) {
        const { type, ...args } = namedEvent(e, reader.header.config);
        const t = trackOf(e);
        put({ ph: 'i', s: 't', pid: t.pid, tid: t.tid, ts, name: type, args });
      }
      counters.sample(state, e, ts);
    },
    violation(v) {
      violations++;
      const t = tracks.actor(v.actor);
      const args = { rule: v.rule, section: ruleSection(v.rule), actor: v.actor, seq: v.seq, message: v.message };
      put({ ph: 'i', s: 't', pid: t.pid, tid: t.tid, ts: tsOf(v.seq, lastTick), name: `VIOLATION ${v.rule}`, args });
    },
    settle(seq) {
      const t = tracks.core();
      put({ ph: 'i', s: 'g', pid: t.pid, tid: t.tid, ts: tsOf(seq, lastTick), name: 'settled', args: { seq } });
    },
  });
  const outstanding = tracker.size;
  commands.finish(lastTs + 1);
  emit('\n]}\n');
  return { ...result, events, violations, outstanding };
}
