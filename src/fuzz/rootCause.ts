/**
 * One bug, one finding (README "Fuzz campaigns": root causes). A run that breaks a rule usually
 * breaks others because of it: a stalled admin command leaves the guest accesses behind it
 * unanswered, a device that applies a failed command also over-commits a pool. The violations of a
 * run are grouped by root cause: the first violation in causal order is the root, the violations
 * it caused are attached to it as consequences.
 *
 * Causal order and links, from the run alone (no rule-specific knowledge):
 * - order: by event seq; at one seq, safety before liveness (liveness is judged at settle, after
 *   the last event), and device liveness before host/driver/guest liveness (they wait on it);
 * - a safety violation belongs to an earlier group when their cause chains meet: the command whose
 *   event broke the rule and the tag of the work it belongs to (a `device.run` of `aq.complete` for
 *   tag f3 chains back to the submission of f3);
 * - a liveness violation judged at settle is a consequence of the run's first safety root, if
 *   there is one, else (host/driver/guest) of the first device liveness root: a stalled command;
 * - a driver or guest violation never roots a device or host violation (the device must cope with
 *   any driver, README "Fuzz campaigns": findings), so the two are grouped apart.
 * Pure; `causeTracker` is the engine observer that annotates violations with their cause chain.
 * `vtwin explore` groups the violations of each path it explores with the same function; its links
 * are the steps that happen before a violation's step (src/explore/search.ts).
 */
import type { Command } from '../domain/commands.js';
import type { Actor } from '../domain/items.js';
import type { EngineObserver } from '../engine/engine.js';
import type { Violation } from '../rules/framework.js';
import { ALL_RULES } from '../rules/index.js';

export interface CausalViolation extends Violation {
  kind: 'safety' | 'liveness';
  /** Index of the command being executed when the rule fired (the last one, for liveness). */
  command: number;
  /** The cause chain: `#<command index>`, and `tag:<t>` for the work the command belongs to. */
  causes: string[];
  /**
   * What ties it to an earlier group, when that is wider than the chain it hands on (default:
   * `causes`). A safety violation joins the group whose members' causes meet these.
   */
  links?: string[];
}

export interface RootCause<V extends CausalViolation = CausalViolation> {
  root: V;
  /** Later violations the root caused, in causal order. */
  consequences: V[];
}

const KIND = new Map(ALL_RULES.map((r) => [r.id, r.kind]));

export function ruleKind(rule: string): 'safety' | 'liveness' {
  return KIND.get(rule) ?? 'safety';
}

/** The cause chain of command `index`: itself, and the tag of the work it submits or runs. */
export function causesOf(index: number, cmd: Command | undefined): string[] {
  const out = [`#${index}`];
  if (!cmd) return out;
  const tag = cmd.op === 'device.run' ? (cmd.item as { tag?: unknown }).tag : (cmd as { tag?: unknown }).tag;
  if (typeof tag === 'string') out.push(`tag:${tag}`);
  return out;
}

/** An observer that records every violation with its kind and cause chain, in report order. */
export function causeTracker(): { observer: EngineObserver; violations: CausalViolation[] } {
  const violations: CausalViolation[] = [];
  let current = -1;
  let cmd: Command | undefined;
  const observer: EngineObserver = {
    onCommand: (index, _tick, c) => {
      current = index;
      cmd = c;
    },
    onViolation: (v) => {
      // Copied, then extended: a spread literal with extra fields ({ ...v, kind }) takes V8 ~2 us.
      const cv = Object.assign({}, v) as CausalViolation;
      cv.kind = ruleKind(v.rule);
      cv.command = current;
      cv.causes = causesOf(current, cmd);
      violations.push(cv);
    },
  };
  return { observer, violations };
}

const isDeviceSide = (a: Actor) => a === 'device' || a === 'host';

/** Causal order: seq, then safety before liveness, then device liveness first, then report order. */
function causalOrder<V extends CausalViolation>(vs: readonly V[]): V[] {
  const rank = (v: V) => (v.kind === 'safety' ? 0 : v.actor === 'device' ? 1 : 2);
  return vs
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.seq - b.v.seq || rank(a.v) - rank(b.v) || a.i - b.i)
    .map((x) => x.v);
}

function groupSide<V extends CausalViolation>(vs: readonly V[]): RootCause<V>[] {
  const groups: { g: RootCause<V>; keys: Set<string> }[] = [];
  const open = (v: V) => void groups.push({ g: { root: v, consequences: [] }, keys: new Set(v.causes) });
  for (const v of causalOrder(vs)) {
    let owner;
    if (v.kind === 'liveness') {
      owner = groups.find((x) => x.g.root.kind === 'safety');
      const stall = (x: (typeof groups)[number]) => x.g.root.kind === 'liveness' && x.g.root.actor === 'device';
      if (!owner && v.actor !== 'device') owner = groups.find(stall);
    } else {
      const links = v.links ?? v.causes;
      owner = groups.find((x) => links.some((c) => x.keys.has(c)));
    }
    if (!owner) {
      open(v);
      continue;
    }
    owner.g.consequences.push(v);
    for (const c of v.causes) owner.keys.add(c);
  }
  return groups.map((x) => x.g);
}

/**
 * Group a run's violations (those that count: the caller filters) by root cause. Groups come in
 * causal order of their roots; device/host groups and driver/guest groups never mix.
 */
export function groupByRootCause<V extends CausalViolation>(vs: readonly V[]): RootCause<V>[] {
  const device = groupSide(vs.filter((v) => isDeviceSide(v.actor)));
  const driver = groupSide(vs.filter((v) => !isDeviceSide(v.actor)));
  const at = new Map(causalOrder(vs).map((v, i) => [v, i]));
  return [...device, ...driver].sort((a, b) => at.get(a.root)! - at.get(b.root)!);
}

/** The rules whose violations are root causes, each once, in causal order. */
export function rootRules(vs: readonly CausalViolation[]): string[] {
  const out: string[] = [];
  for (const g of groupByRootCause(vs)) if (!out.includes(g.root.rule)) out.push(g.root.rule);
  return out;
}

/** The violations that count when shrinking for `actor`'s rule: its side of the grouping. */
export function sameSide(actor: Actor): (v: Violation) => boolean {
  return (v) => isDeviceSide(v.actor) === isDeviceSide(actor);
}
