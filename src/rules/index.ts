/** The rule registry: every rule the twin checks, in a fixed order. */
import { AQ_RULES } from './aq.js';
import { LEGACY_RULES } from './legacy.js';
import { NET_RULES } from './net.js';
import type { Rule } from './framework.js';
import { MSIX_RULES } from './msix.js';
import { HOST_RULES } from './host.js';
import { PROVISION_RULES } from './provision.js';
import { MMIO_RULES } from './mmio.js';
import { NOTIFY_RULES } from './notify.js';

export const ALL_RULES: readonly Rule[] =
  [...AQ_RULES, ...MSIX_RULES, ...PROVISION_RULES, ...HOST_RULES, ...MMIO_RULES, ...LEGACY_RULES, ...NET_RULES,
    ...NOTIFY_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export { RuleMonitor, ruleInfo, type Rule, type RuleInfo, type Violation } from './framework.js';
