/**
 * Re-run every rule over a recorded run (`vtwin check`): fold the events on a working copy with
 * a fresh RuleMonitor, calling its hooks exactly where the engine did: `command` before each
 * command's first event, `before`/`after` around each event, `settle` where the run settled.
 *
 * What a recorded run can tell: safety rules see exactly what they saw live. Liveness ("every
 * command completes") only means something where the run settled: at the recorded settle points,
 * or, for traces without them, at the end when the final state has no work ready (the run could
 * not have gone further). A truncated trace gets no liveness verdict at its cut.
 */
import { readyItems } from '../domain/decide.js';
import { evolve } from '../domain/evolve.js';
import { resolveProfile } from '../engine/engine.js';
import { ALL_RULES } from '../rules/index.js';
import { RuleMonitor, type Rule, type Violation } from '../rules/framework.js';
import type { IndexedViolation } from '../trace/format.js';
import type { TraceReader } from '../trace/reader.js';
import { startState } from './start.js';
import { eventName, guard, unusable } from './apply.js';

export interface CheckResult {
  rules: number;
  events: number;
  /** Violations found now. */
  violations: Violation[];
  /** Found now but not in the recording (a rule that is new or stricter). */
  added: Violation[];
  /** Recorded but not found now (a rule that was dropped or relaxed, or a changed model). */
  missing: IndexedViolation[];
  /**
   * The rules the recorded scenario expected to fire (trace header), or null when the trace says
   * nothing: then every violation is unexpected.
   */
  expectedRules: string[] | null;
  /** Violations found now of a rule the scenario expected: documented behaviour, not a failure. */
  expected: Violation[];
  /** Violations found now of any other rule: what `vtwin check` fails on. */
  unexpected: Violation[];
  /** Where liveness was checked: recorded settle points, the idle end of the run, or nowhere. */
  liveness: 'recorded-settles' | 'idle-at-end' | 'not-checked';
  truncated: boolean;
  truncatedAt: number | null;
}

const key = (v: { rule: string; seq: number }): string => `${v.rule}@${v.seq}`;

export function checkTrace(reader: TraceReader, rules: readonly Rule[] = ALL_RULES,
    progress?: (o: number, s: number) => void): CheckResult {
  const state = startState(reader);
  const profile = resolveProfile(reader.header.config.profile);
  const monitor = new RuleMonitor(rules);
  const recorded: IndexedViolation[] = [];
  let next = reader.header.start.seq;
  let settles = 0;
  const scan = reader.scan(
    {
      command(i, _tick, cmd) {
        guard(reader, `command ${i} (${cmd.op})`, () => monitor.command(state, cmd, next));
      },
      event(e) {
        // Rules look at the state the events build: on a damaged trace they may fail like a recipe.
        try {
          monitor.before(state, e);
          evolve(state, e);
          monitor.after(state, e);
        } catch (err) {
          throw unusable(reader, eventName(e), err);
        }
        next = e.seq + 1;
      },
      settle(seq) {
        settles++;
        guard(reader, `the settle point after seq ${seq}`, () => monitor.settle(state, seq));
      },
      violation(v) {
        recorded.push(v);
      },
    },
    { progress },
  );
  let liveness: CheckResult['liveness'] = settles > 0 ? 'recorded-settles' : 'not-checked';
  if (settles === 0 && !scan.truncated && guard(reader, 'the end of the run', () =>
    readyItems(state, profile).length === 0)) {
    guard(reader, 'the end of the run', () => monitor.settle(state, Math.max(0, next - 1)));
    liveness = 'idle-at-end';
  }
  const found = monitor.violations;
  const expected = reader.header.expectedRules ? new Set(reader.header.expectedRules) : null;
  const had = new Set(recorded.map(key));
  const now = new Set(found.map(key));
  return {
    rules: rules.length,
    events: next - reader.header.start.seq,
    violations: [...found],
    added: found.filter((v) => !had.has(key(v))),
    missing: recorded.filter((v) => !now.has(key(v))),
    expectedRules: expected ? [...expected] : null,
    expected: found.filter((v) => expected?.has(v.rule)),
    unexpected: found.filter((v) => !expected?.has(v.rule)),
    liveness,
    truncated: scan.truncated,
    truncatedAt: scan.truncatedAt,
  };
}
