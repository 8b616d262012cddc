/**
 * Run a validated scenario (README "Scenario format", "CLI reference"). Pure: no file system, no
 * clock; the result is a function of the scenario (and the seed it names).
 *
 * Steps run back to back: commands and expectations never let the device progress, only `settle`
 * and `step` do. Expectations are checked where they stand. A command step the model refuses
 * fails the scenario unless the scenario expects the refusal. At the end, any violation whose rule
 * no `expect: violation` names fails the scenario; one that a scenario names is documented, and
 * passes. A control step that cannot proceed (nothing matching ready, a pin that cannot be
 * honoured, a device that never settles) fails the scenario and stops it.
 */
import type { EngineObserver } from '../engine/engine.js';
import { hashState } from '../engine/hash.js';
import { Twin } from '../twin.js';
import { runControl, type PinLog } from './control.js';
import { expectSpec } from './expectations.js';
import { RunLog } from './log.js';
import type { Failure, RefusalOut, Scenario, ScenarioResult } from './types.js';
import { expectedRules, isControlStep, isExpectStep } from './steps.js';

export interface RunOptions {
  /** Extra observers (e.g. a trace recorder), attached before the first command. */
  observers?: EngineObserver[];
  /**
   * Keep immutable snapshots through the RxJS state$ path (default true), so expectations read
   * frozen, structurally shared state. `false` reads the engine's working copy: same results, faster.
   */
  snapshots?: boolean;
  /** Override the scenario's seed (e.g. to explore other interleavings). */
  seed?: number;
}

export function runScenario(sc: Scenario, opts: RunOptions = {}): ScenarioResult {
  const seed = opts.seed ?? sc.seed;
  const log = new RunLog(sc.device);
  // The steps were validated when the scenario was loaded: the twin need not check them again.
  const twin = Twin.create({ device: sc.device, seed, observers: [log, ...(opts.observers ?? [])],
    snapshots: opts.snapshots ?? true, validate: false });
  const failures: Failure[] = [];
  const refusals: RefusalOut[] = [];
  const accounted = expectedRefusals(sc);
  const pins: PinLog = [];
  let passed = 0;
  let lastOp = -1;
  try {
    for (let i = 0; i < sc.steps.length; i++) {
      const step = sc.steps[i]!;
      if (isExpectStep(step)) {
        const why = expectSpec(step.expect)!.evaluate(step,
          { state: twin.state, log, violations: twin.violations, lastOp });
        if (why === null) passed++;
        else failures.push({ step: i, kind: 'expectation', message: why });
      } else if (isControlStep(step)) {
        const why = runControl(step, i, twin, pins);
        if (why !== null) {
          failures.push({ step: i, kind: 'control', message: `${why}; the scenario stops here` });
          break;
        }
      } else {
        log.beginOp();
        twin.execute(step);
        log.endOp();
        lastOp = i;
        const r = log.opRefusal();
        if (r) {
          const expected = accounted.steps.has(i) || (r.tag !== undefined && accounted.tags.has(r.tag));
          refusals.push({ step: i, op: step.op, errno: r.errno, reason: r.reason, expected });
          if (!expected) failures.push({ step: i, kind: 'refusal', message: `${step.op} refused with ${r.errno}` +
            `${r.reason ? ` (${r.reason})` : ''}; the scenario does not expect it (add ` +
            `{ "expect": "refused", "errno": "${r.errno}" } after the step if it should be refused)` });
        }
      }
    }
  } finally {
    twin.dispose();
  }
  failures.push(...unexpectedViolations(sc, twin));
  const state = twin.engine.state;
  return {
    name: sc.name,
    file: sc.file,
    passed: failures.length === 0,
    events: twin.engine.seq,
    stateHash: hashState(state),
    completions: log.completionsOut(),
    violations: twin.violations.map((v) => ({ rule: v.rule, seq: v.seq, actor: v.actor, message: v.message })),
    interrupts: log.interruptsOut(state),
    expectations: { passed, failed: failures.filter((f) => f.kind === 'expectation').length },
    commands: log.commandsOut(),
    refusals,
    failures,
    seed,
    profile: sc.device.profile,
  };
}

/**
 * What a scenario says it expects to be refused: command steps followed by an `expect: refused`
 * before the next command step (that expectation judges the most recent command), and tags of
 * submits a `completion` expectation names (it checks what the submitter got, ENOSPC or EIO
 * included).
 */
function expectedRefusals(sc: Scenario): { steps: Set<number>; tags: Set<string> } {
  const steps = new Set<number>();
  const tags = new Set<string>();
  let lastOp = -1;
  sc.steps.forEach((s, i) => {
    if (isExpectStep(s)) {
      if (s.expect === 'refused' && lastOp >= 0) steps.add(lastOp);
      if (s.expect === 'completion') tags.add(String(s.tag));
    } else if (!isControlStep(s)) {
      lastOp = i;
    }
  });
  return { steps, tags };
}

/** Violations of rules the scenario never names with `expect: violation`. */
function unexpectedViolations(sc: Scenario, twin: Twin): Failure[] {
  const named = new Set(expectedRules(sc));
  return twin.violations
    .filter((v) => !named.has(v.rule))
    .map((v) => ({ step: -1, kind: 'violation' as const,
      message: `unexpected violation ${v.rule} at seq ${v.seq} (${v.actor}): ${v.message}` }));
}
