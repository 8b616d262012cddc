import type { Command } from 'commander';
import { CAPTURE_RULES } from '../../src/rules/capture.js';
import { ALL_RULES, ruleInfo } from '../../src/rules/index.js';
import type { Io } from '../io.js';

export function registerRules(program: Command, io: Io): void {
  program
    .command('rules')
    .description('list the rules the twin checks: id, actor, spec section, safety or liveness')
    .option('--json', 'one JSON document on stdout')
    .action((opts: { json?: boolean }) => {
      // The engine's rules, then those only a captured trace can break (`vtwin ingest`).
      const list = [...ALL_RULES, ...CAPTURE_RULES].map(ruleInfo);
      if (opts.json) return io.out(JSON.stringify(list, null, 2) + '\n');
      for (const r of list) io.out(`${r.id}  [${r.kind}, ${r.actor}]\n  ${r.description}\n  cites: ${r.section}\n`);
    });
}
