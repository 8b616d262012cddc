/**
 * The viewer's JSON API: what the page asks and what it gets back. `vtwin view` answers it over
 * HTTP (POST /api/<route>, a JSON body); a self-contained page (`--out`) answers it in the page
 * itself, from the trace embedded in it. Both go through `handleApi`, so they cannot differ.
 */
import { InputError } from '../errors.js';
import type { ViewSession } from './session.js';

const int = (body: Record<string, unknown>, key: string): number => {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${key}: expected an integer`);
  return v;
};

/** Answer one request; bad requests are InputErrors that say what was expected. */
export function handleApi(session: ViewSession, route: string, body: unknown): unknown {
  const b = (body ?? {}) as Record<string, unknown>;
  switch (route) {
    case 'meta':
      return session.meta();
    case 'window':
      return session.window(int(b, 'from'), int(b, 'to'));
    case 'at': {
      const open = Array.isArray(b.open) ? b.open.filter((x): x is string => typeof x === 'string') : [];
      return session.at(int(b, 'seq'), open);
    }
    case 'blame':
      if (typeof b.path !== 'string') throw new InputError('path: expected a state path');
      return session.blame(b.path, int(b, 'at'));
    case 'find': {
      if (b.kind !== 'violation' && b.kind !== 'command')
        throw new InputError('kind: expected "violation" or "command"');
      const dir = int(b, 'dir');
      if (dir !== 1 && dir !== -1) throw new InputError('dir: expected 1 or -1');
      return { seq: session.find(b.kind, int(b, 'from'), dir) };
    }
    default:
      throw new InputError(`unknown request ${JSON.stringify(route)}; expected one of meta, window, at, blame, find`);
  }
}
