/**
 * `vtwin ops [--json]`: every step a scenario may contain (commands and control steps by `op`,
 * expectations by `expect`) with its fields, read from the loader's own schemas.
 */
import type { Command } from 'commander';
import { describeSteps, fieldWords, type StepDoc } from '../../src/scenario/describe.js';
import type { Io } from '../io.js';

const HEADINGS: Record<StepDoc['kind'], string> = {
  command: 'commands ({ "op": name, ...fields })',
  control: 'control steps ({ "op": name, ...fields }): the only steps that let the device make progress',
  expectation: 'expectations ({ "expect": name, ...fields })',
};

export function registerOps(program: Command, io: Io): void {
  program
    .command('ops')
    .description('list every scenario step: commands, control steps and expectations, with their fields')
    .option('--json', 'one JSON document on stdout: { steps: [{ kind, name, doc, fields }] }')
    .action((opts: { json?: boolean }) => {
      const steps = describeSteps();
      if (opts.json) return io.out(JSON.stringify({ steps }, null, 2) + '\n');
      const out: string[] = [];
      for (const kind of ['command', 'control', 'expectation'] as const) {
        out.push(HEADINGS[kind]);
        for (const s of steps.filter((x) => x.kind === kind)) {
          out.push(`  ${s.name}  ${s.fields.length ? `{ ${s.fields.map(fieldWords).join(', ')} }` : '{}'}`);
          out.push(`      ${s.doc}`);
        }
      }
      out.push('Typed admin commands (`aq.submit` with `cmd`): `vtwin opcodes`.');
      io.out(out.join('\n') + '\n');
    });
}
