import { ALL_RULES, ruleInfo } from '../../src/rules/index.js';
import type { Io } from '../io.js';

/** `vtwin rules` (registered in tools/register/rules.ts). */
export function rulesAction(io: Io, opts: { json?: boolean }): void {
  const list = ALL_RULES.map(ruleInfo);
  if (opts.json) return io.out(JSON.stringify(list, null, 2) + '\n');
  for (const r of list) io.out(`${r.id}  [${r.kind}, ${r.actor}]\n  ${r.description}\n  cites: ${r.section}\n`);
}
