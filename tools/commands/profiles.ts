import { PROFILES } from '../../src/domain/profiles.js';
import type { Io } from '../io.js';

/** `vtwin profiles` (registered in tools/register/profiles.ts). */
export function profilesAction(io: Io, opts: { json?: boolean }): void {
  const list = PROFILES.map((p) => ({ name: p.name, description: p.description, caughtBy: p.caughtBy }));
  if (opts.json) return io.out(JSON.stringify(list, null, 2) + '\n');
  for (const p of list) {
    io.out(`${p.name}\n  ${p.description}\n`);
    if (p.caughtBy.length) io.out(`  caught by: ${p.caughtBy.join(', ')}\n`);
  }
}
