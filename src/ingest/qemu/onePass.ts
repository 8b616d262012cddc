/**
 * Parse and plan a QEMU log in one pass (what `vtwin ingest` runs): each record is planned as it is
 * read, so a long capture's records are never all held at once (for a million lines that is most
 * of the garbage collector's work). Planning a line needs facts about the whole capture
 * (./plan.ts CaptureFacts: the function map, whether pba events are traced, what
 * virtio_set_status names); the one pass takes each as the lines so far give it. When a later line
 * changes a fact an earlier line was planned with (a device named late that renumbers the VFs, pba
 * tracing seen after a message), the pass stops and the log is parsed and planned again in two
 * passes (./plan.ts planQemu): the same plan, only slower. Captures name their devices at bring-up.
 */
import type { Counts } from '../counts.js';
import { functionMap, type FnMap } from '../fnmap.js';
import type { Plan } from '../plan.js';
import type { QemuRecord } from './events.js';
import { parseQemuLog, type ParseOptions, type QemuParse } from './parse.js';
import { CaptureFacts, finishPlan, planQemu } from './plan.js';
import { QemuPlanner } from './planner.js';

/** Thrown inside the one pass when a fact changed under it. */
export const REPLAN = Symbol('replan');
/** Beyond this many devices, remapping on each new one would cost more than a second pass. */
const MAX_NAMES = 256;

export function planQemuLog(
  text: string,
  file: string,
  opts: Omit<ParseOptions, 'onRecord'> = {},
  userMap?: ReadonlyMap<string, number>,
): Plan {
  try {
    const pass = new OnePass(userMap);
    return pass.plan(parseQemuLog(text, file, { ...opts, onRecord: (line, rec) => pass.feed(line, rec) }));
  } catch (e) {
    // Anything else is the parser's error, which the two passes would meet first as well.
    if (e !== REPLAN) throw e;
  }
  return planQemu(parseQemuLog(text, file, opts), userMap);
}

/** The map for the names so far into `map`; REPLAN if a device planned already would change function. */
function remap(facts: CaptureFacts, map: FnMap, userMap: ReadonlyMap<string, number> | undefined): void {
  if (facts.names.length > MAX_NAMES) throw REPLAN;
  const user = userMap && new Map([...userMap].filter(([n]) => facts.firstLine.has(n)));
  let next: FnMap;
  try {
    next = functionMap(facts.names, facts.pfs, user);
  } catch {
    throw REPLAN; // the two passes report it, or find it gone with the later lines
  }
  for (const [n, fn] of map) if (next.get(n) !== fn) throw REPLAN;
  for (const [n, fn] of next) map.set(n, fn);
}

/**
 * The one pass: records in (`feed`, which throws REPLAN when a fact changed under the lines planned
 * so far), the plan out. The planner's steps so far are `planner.steps`; a caller that runs them as
 * they come (../stream.ts) may empty that list between records.
 */
export class OnePass {
  readonly facts = new CaptureFacts();
  readonly map: FnMap = new Map();
  readonly planner = new QemuPlanner(this.map, false, null, {});
  // Lines planned so far whose plan depends on pbaTraced / statusDev.
  private messages = 0;
  private statuses = 0;
  private devices = 0;

  constructor(readonly userMap?: ReadonlyMap<string, number>) {}

  feed(line: number, rec: QemuRecord): void {
    const { facts, planner: p } = this;
    if (facts.see(line, rec)) remap(facts, this.map, this.userMap);
    if (facts.pbaTraced !== p.pbaTraced) {
      if (this.messages > 0) throw REPLAN;
      p.pbaTraced = facts.pbaTraced;
    }
    if (facts.pfs.size + facts.vdevs.size !== this.devices) {
      this.devices = facts.pfs.size + facts.vdevs.size;
      const statusDev = facts.statusDev();
      if (statusDev !== p.statusDev && this.statuses > 0) throw REPLAN;
      p.statusDev = statusDev;
    }
    const ev = rec.ev;
    if (ev === 'vfio_msi_interrupt') this.messages++;
    else if (ev === 'virtio_set_status') this.statuses++;
    p.feed(line, rec);
  }

  /** The plan, once `parse` has fed every record. */
  plan(parse: QemuParse): Plan {
    const { facts, planner: p } = this;
    // With every name seen, the map the lines were planned with is the capture's (or the user's
    // --map names a device the capture does not, and this throws as the two passes would).
    const final = functionMap(facts.names, facts.pfs, this.userMap);
    // The parser's counts first, then the planner's, as the two passes count them.
    const ignored: Counts = { ...parse.ignored };
    for (const [k, v] of Object.entries(p.ignored)) ignored[k] = (ignored[k] ?? 0) + v;
    return { ...finishPlan(p, facts, final, parse), ignored };
  }
}
