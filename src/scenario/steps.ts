/** Which kind of step a validated scenario step is (./types.ts: Step). */
import type { ControlStep, ExpectStep, Scenario, Step } from './types.js';

export function isExpectStep(s: Step): s is ExpectStep {
  return 'expect' in s;
}

export function isControlStep(s: Step): s is ControlStep {
  return 'op' in s && (s.op === 'settle' || s.op === 'step' || s.op === 'pin' || s.op === 'device.run');
}

/**
 * The rules a scenario expects to fire (its `expect: violation` steps), sorted: violations of
 * these document known behaviour and do not fail the run; a trace of the run keeps them.
 */
export function expectedRules(sc: Pick<Scenario, 'steps'>): string[] {
  const named = new Set<string>();
  for (const s of sc.steps) if (isExpectStep(s) && s.expect === 'violation') named.add(String(s.rule));
  return [...named].sort();
}
