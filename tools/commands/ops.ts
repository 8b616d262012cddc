/**
 * `vtwin ops [--json]`: every step a scenario may contain (commands and control steps by `op`,
 * expectations by `expect`) with its fields, read from the loader's own schemas. Registered in
 * tools/register/ops.ts.
 */
import { describeSteps, fieldWords, type StepDoc } from '../../src/scenario/describe.js';
import type { Io } from '../io.js';

const HEADINGS: Record<StepDoc['kind'], string> = {
  command: 'commands ({ "op": name, ...fields })',
  control: 'control steps ({ "op": name, ...fields }): the only steps that let the device make progress',
  expectation: 'expectations ({ "expect": name, ...fields })',
};

export function opsAction(io: Io, opts: { json?: boolean }): void {
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
}
