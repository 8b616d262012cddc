/** The rule registry: every rule the twin checks, in a fixed order. */
import { AQ_RULES } from './aq.js';
import type { Rule } from './framework.js';

export const ALL_RULES: readonly Rule[] = [...AQ_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export { RuleMonitor, ruleInfo, type Rule, type RuleInfo, type Violation } from './framework.js';
