/**
 * A checker for the Chrome Trace Event Format (JSON), for `vtwin export --format perfetto` output
 * and any other trace meant for Perfetto or chrome://tracing: the things those viewers silently
 * drop or mis-draw when they are wrong.
 *
 * - known phases; integer pid (and tid where the phase is drawn on a thread); finite ts >= 0;
 * - complete slices (`X`, and `B`/`E` pairs) on one thread nest: two may not overlap partly;
 * - `B`/`E` balanced per thread, `b`/`e` balanced per (cat, id, scope), each `e` closing the
 *   innermost open slice of its id, with its name;
 * - flows (`s`/`t`/`f` by cat and id) start once, end once, and each end binds to a slice:
 *   `s` and `f` with `bp: "e"` to one enclosing it on its thread, other `f` to the next one;
 *   flow v2 (`bind_id` with `flow_out`/`flow_in`) has both ends;
 * - metadata (`M`) names a known kind with the argument it needs; counters carry numbers.
 */

export interface TefProblem {
  /** Index in traceEvents, or -1 for the document. */
  index: number;
  message: string;
}

export interface TefReport {
  ok: boolean;
  /** The first problems found (at most `limit`), in event order. */
  problems: TefProblem[];
  /** How many problems there are in all. */
  total: number;
  events: number;
  byPhase: Record<string, number>;
}

type Ev = Record<string, unknown> & { ph: string };

const PHASES = new Set('B E X i I C b n e S T p F s t f P N O D M V v R c ( )'.split(' '));
/** Phases drawn on a thread: they need a tid. */
const THREAD_PHASES = new Set(['B', 'E', 'X', 's', 't', 'f']);
const METADATA = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function checkTraceEvents(doc: unknown, limit = 50): TefReport {
  const problems: TefProblem[] = [];
  let total = 0;
  const fail = (index: number, message: string): void => {
    total++;
    if (problems.length < limit) problems.push({ index, message });
  };
  const events = Array.isArray(doc) ? doc : (doc as { traceEvents?: unknown } | null)?.traceEvents;
  if (!Array.isArray(events)) {
    fail(-1, 'expected a JSON array of events, or an object with a "traceEvents" array');
    return { ok: false, problems, total, events: 0, byPhase: {} };
  }
  const byPhase: Record<string, number> = {};
  const good: [number, Ev][] = [];
  events.forEach((raw, i) => {
    const e = checkEvent(raw, i, fail);
    if (!e) return;
    byPhase[e.ph] = (byPhase[e.ph] ?? 0) + 1;
    good.push([i, e]);
  });
  const slices = checkThreads(good, fail);
  checkAsync(good, fail);
  checkFlows(good, slices, fail);
  problems.sort((a, b) => a.index - b.index);
  return { ok: total === 0, problems, total, events: events.length, byPhase };
}

const describe = (i: number, e: Ev): string =>
  `traceEvents[${i}] (${e.ph}${typeof e.name === 'string' ? ` ${JSON.stringify(e.name)}` : ''})`;

/** The checks on one event alone; returns it when it is usable for the cross-event checks. */
function checkEvent(raw: unknown, i: number, fail: (i: number, m: string) => void): Ev | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(i, `traceEvents[${i}]: expected an event object`);
    return null;
  }
  const e = raw as Ev;
  if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) {
    fail(i, `traceEvents[${i}]: unknown phase ${JSON.stringify(e.ph)}`);
    return null;
  }
  const at = describe(i, e);
  let ok = true;
  const bad = (m: string): void => {
    ok = false;
    fail(i, `${at}: ${m}`);
  };
  if (!isInt(e.pid)) bad('pid must be an integer');
  const threadMeta = e.ph === 'M' && typeof e.name === 'string' && e.name.startsWith('thread_');
  if ((THREAD_PHASES.has(e.ph) || threadMeta) && !isInt(e.tid)) bad('tid must be an integer');
  else if (e.tid !== undefined && !isInt(e.tid)) bad('tid must be an integer');
  if (e.ph !== 'M' && (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0)) {
    bad('ts must be a finite number >= 0');
  }
  if (e.ph !== 'E' && e.ph !== 'e' && typeof e.name !== 'string') bad('name must be a string');
  if (e.ph === 'X' && (typeof e.dur !== 'number' || !Number.isFinite(e.dur) || e.dur < 0)) bad('dur must be >= 0');
  if ((e.ph === 'i' || e.ph === 'I') && e.s !== undefined && !['g', 'p', 't'].includes(e.s as string)) {
    bad('instant scope s must be "g", "p" or "t"');
  }
  if (['b', 'e', 'n', 's', 't', 'f'].includes(e.ph) && e.id === undefined && e.id2 === undefined) bad('needs an id');
  if (e.ph === 'M') checkMetadata(e, bad);
  if (e.ph === 'C') {
    const args = e.args as Record<string, unknown> | undefined;
    if (!args || typeof args !== 'object' || !Object.values(args).every((v) => typeof v === 'number')) {
      bad('a counter needs args of numbers');
    }
  }
  return ok ? e : null;
}

function checkMetadata(e: Ev, bad: (m: string) => void): void {
  const name = e.name as string;
  if (!METADATA.has(name)) return bad(`unknown metadata ${JSON.stringify(name)}`);
  const args = (e.args ?? {}) as Record<string, unknown>;
  if (name.endsWith('_name') && typeof args.name !== 'string') bad('needs args.name, a string');
  if (name.endsWith('_sort_index') && !isInt(args.sort_index)) bad('needs args.sort_index, an integer');
  if (name === 'process_labels' && typeof args.labels !== 'string') bad('needs args.labels, a string');
}

interface Slice {
  index: number;
  name: string;
  start: number;
  end: number;
}

const threadKey = (e: Ev): string => `${String(e.pid)}/${String(e.tid)}`;

/** B/E balance and slice nesting per thread; returns each thread's slices sorted by start. */
function checkThreads(evs: readonly [number, Ev][], fail: (i: number, m: string) => void): Map<string, Slice[]> {
  const slices = new Map<string, Slice[]>();
  const add = (e: Ev, s: Slice): void => {
    const k = threadKey(e);
    const list = slices.get(k) ?? [];
    list.push(s);
    slices.set(k, list);
  };
  const open = new Map<string, [number, Ev][]>();
  for (const [i, e] of byTs(evs.filter(([, x]) => x.ph === 'B' || x.ph === 'E' || x.ph === 'X'))) {
    if (e.ph === 'X')
      add(e, { index: i, name: String(e.name), start: e.ts as number, end: (e.ts as number) + (e.dur as number) });
    else if (e.ph === 'B') open.set(threadKey(e), [...(open.get(threadKey(e)) ?? []), [i, e]]);
    else {
      const stack = open.get(threadKey(e)) ?? [];
      const b = stack.pop();
      if (!b) fail(i, `${describe(i, e)}: an E with no open B on pid/tid ${threadKey(e)}`);
      else add(e, { index: b[0], name: String(b[1].name), start: b[1].ts as number, end: e.ts as number });
    }
  }
  for (const stack of open.values()) for (const [i, e] of stack) fail(i, `${describe(i, e)}: a B that never ends`);
  for (const [k, list] of slices) {
    list.sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index);
    const stack: Slice[] = [];
    for (const s of list) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= s.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent && s.end > parent.end) {
        const spans = `${s.start}..${s.end} vs ${parent.start}..${parent.end}`;
        const other = `traceEvents[${parent.index}] ${JSON.stringify(parent.name)}`;
        const me = `traceEvents[${s.index}] ${JSON.stringify(s.name)}`;
        fail(s.index, `${me}: overlaps ${other} on pid/tid ${k} without nesting (${spans})`);
        continue;
      }
      stack.push(s);
    }
  }
  return slices;
}

/** Stable sort by ts: events at one instant keep their file order. */
function byTs(evs: readonly [number, Ev][]): [number, Ev][] {
  return [...evs].sort((a, b) => (a[1].ts as number) - (b[1].ts as number) || a[0] - b[0]);
}

function idKey(e: Ev): string {
  const id2 = e.id2 as { local?: unknown; global?: unknown } | undefined;
  const id = id2
    ? id2.local !== undefined
      ? `local:${String(e.pid)}:${String(id2.local)}`
      : `global:${String(id2.global)}`
    : String(e.id);
  return `${String(e.cat ?? '')}|${String(e.scope ?? '')}|${id}`;
}

/** Nestable async slices: balanced per id, each `e` closing the innermost open `b` of its name. */
function checkAsync(evs: readonly [number, Ev][], fail: (i: number, m: string) => void): void {
  const open = new Map<string, [number, Ev][]>();
  for (const [i, e] of byTs(evs.filter(([, x]) => x.ph === 'b' || x.ph === 'e'))) {
    const k = idKey(e);
    const stack = open.get(k) ?? [];
    open.set(k, stack);
    if (e.ph === 'b') {
      stack.push([i, e]);
      continue;
    }
    const top = stack.pop();
    if (!top) fail(i, `${describe(i, e)}: an async end with no open begin for cat|scope|id ${k}`);
    else if (e.name !== undefined && e.name !== top[1].name) {
      fail(i, `${describe(i, e)}: ends ${JSON.stringify(top[1].name)} (traceEvents[${top[0]}]) under another name`);
    }
  }
  for (const stack of open.values())
    for (const [i, e] of stack) fail(i, `${describe(i, e)}: an async begin that never ends`);
}

/** Whether a slice on the thread encloses `ts` (or, for `next`, starts at or after it). */
function binds(slices: readonly Slice[] | undefined, ts: number, next: boolean): boolean {
  if (!slices) return false;
  return slices.some((s) => (next ? s.start >= ts : s.start <= ts && ts <= s.end));
}

function checkFlows(
  evs: readonly [number, Ev][],
  slices: Map<string, Slice[]>,
  fail: (i: number, m: string) => void,
): void {
  const flows = new Map<string, { s: number; f: number; first: [number, Ev] }>();
  for (const [i, e] of byTs(evs.filter(([, x]) => x.ph === 's' || x.ph === 't' || x.ph === 'f'))) {
    const k = `${String(e.cat ?? '')}|${String(e.id ?? JSON.stringify(e.id2))}`;
    const fl = flows.get(k) ?? { s: 0, f: 0, first: [i, e] as [number, Ev] };
    flows.set(k, fl);
    if (e.ph === 's') fl.s++;
    else if (fl.s === 0) fail(i, `${describe(i, e)}: a flow step or end before its start (flow ${k})`);
    if (e.ph === 'f') fl.f++;
    const next = e.ph === 'f' && e.bp !== 'e';
    if (!binds(slices.get(threadKey(e)), e.ts as number, next)) {
      fail(
        i,
        `${describe(i, e)}: binds to no slice on pid/tid ${threadKey(e)} at ts ${String(e.ts)}, so viewers drop it`,
      );
    }
  }
  for (const [k, fl] of flows) {
    const [i, e] = fl.first;
    if (fl.s !== 1) fail(i, `${describe(i, e)}: flow ${k} has ${fl.s} starts, expected 1`);
    if (fl.f !== 1) fail(i, `${describe(i, e)}: flow ${k} has ${fl.f} ends, expected 1 (a flow needs both ends)`);
  }
  checkFlowV2(evs, fail);
}

/** Flow v2: `bind_id` with `flow_out` on one event must have `flow_in` on another, and back. */
function checkFlowV2(evs: readonly [number, Ev][], fail: (i: number, m: string) => void): void {
  const outs = new Map<string, number>();
  const ins = new Map<string, number>();
  for (const [i, e] of evs) {
    if (e.bind_id === undefined) continue;
    const k = String(e.bind_id);
    if (e.flow_out === true) outs.set(k, i);
    if (e.flow_in === true) ins.set(k, i);
  }
  for (const [k, i] of outs) if (!ins.has(k)) fail(i, `traceEvents[${i}]: flow_out bind_id ${k} has no flow_in end`);
  for (const [k, i] of ins) if (!outs.has(k)) fail(i, `traceEvents[${i}]: flow_in bind_id ${k} has no flow_out start`);
}
