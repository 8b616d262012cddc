import { CAPTURE_RULES } from '../../src/rules/capture.js';
import { ALL_RULES, ruleInfo } from '../../src/rules/index.js';
import type { Io } from '../io.js';

/** `vtwin rules` (registered in tools/register/rules.ts). */
export function rulesAction(io: Io, opts: { json?: boolean }): void {
  // The engine's rules, then those only a captured trace can break (`vtwin ingest`).
  const list = [...ALL_RULES, ...CAPTURE_RULES].map(ruleInfo);
  if (opts.json) return io.out(JSON.stringify(list, null, 2) + '\n');
  for (const r of list) io.out(`${r.id}  [${r.kind}, ${r.actor}]\n  ${r.description}\n  cites: ${r.section}\n`);
}
