/** Which kind of step a validated scenario step is (./types.ts: Step). */
import type { ControlStep, ExpectStep, Step } from './types.js';

export function isExpectStep(s: Step): s is ExpectStep {
  return 'expect' in s;
}

export function isControlStep(s: Step): s is ControlStep {
  return 'op' in s && (s.op === 'settle' || s.op === 'step' || s.op === 'pin' || s.op === 'device.run');
}
