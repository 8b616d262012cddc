/**
 * `vtwin opcodes [--json]`: the admin opcodes the twin implements, with the typed parameters an
 * `aq.submit` `cmd` takes for each (and their defaults), read from the opcode handlers. Registered
 * in tools/register/opcodes.ts.
 */
import { describeOpcodes, fieldWords } from '../../src/scenario/describe.js';
import type { Io } from '../io.js';

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

export function opcodesAction(io: Io, opts: { json?: boolean }): void {
  const opcodes = describeOpcodes();
  if (opts.json) return io.out(JSON.stringify({ opcodes }, null, 2) + '\n');
  const out = ['Every typed command also takes "group" ("SELF", "SRIOV" or a number) and "member"; ' +
    '"data" gives raw command_specific_data.'];
  for (const o of opcodes) {
    const notes = [o.extension ? `extension: ${o.extension}` : null,
      o.supportedByDefault ? null : 'not offered with the default device options'].filter(Boolean);
    const note = notes.length ? `  (${notes.join('; ')})` : '';
    out.push(`${hex(o.opcode)} ${o.name}  [${o.groups.join(', ')}]${note}`);
    out.push(`      ${o.params.length ? `{ ${o.params.map(fieldWords).join(', ')} }` : 'no parameters'}`);
    out.push(`      cites: ${o.section}`);
  }
  out.push('Extension opcodes can be renumbered with the device option extOpcodes.');
  io.out(out.join('\n') + '\n');
}
