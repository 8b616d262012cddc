/**
 * State paths as users type them: `aq.queues[0].pending`, `fns[3].msix.entries.0.masked`,
 * `aq.commands.12`, `config["profile"]`. Dots and brackets are interchangeable for indexes.
 * Paths address the users' view of the state (src/domain/view.ts): `aq.commands.12` is cid 12.
 */
import { InputError } from '../errors.js';

export type PathKey = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function parsePath(text: string): PathKey[] {
  const out: PathKey[] = [];
  const s = text.trim();
  let i = 0;
  const bad = (why: string): never => {
    throw new InputError(`bad state path ${JSON.stringify(text)}: ${why} at character ${i + 1}`);
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      if (i === 0 || i === s.length - 1) bad('a name');
      i++;
      continue;
    }
    if (c === '[') {
      const close = s.indexOf(']', i);
      if (close < 0) bad('a closing "]"');
      const inner = s.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) out.push(JSON.parse(inner) as string);
      else bad('an index or a "quoted key" inside [ ]');
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
    const word = s.slice(i, j);
    out.push(/^\d+$/.test(word) ? Number(word) : word);
    i = j;
  }
  return out;
}

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^\d+$/.test(k)) out += out ? `.${k}` : k;
    else if (IDENT.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** The value at `path`; an InputError that names the first missing step and what exists there. */
export function getPath(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    const next = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
    if (next === undefined) {
      const here = formatPath(path.slice(0, i)) || '(root)';
      const keys = v !== null && typeof v === 'object' ? Object.keys(v as object) : [];
      const hint = Array.isArray(v) ? `an index 0..${v.length - 1}` : keys.length
        ? `one of ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', ...' : ''}` : 'nothing (it is a plain value)';
      throw new InputError(`no "${String(k)}" under ${here} in the state; expected ${hint}`);
    }
    v = next;
  }
  return v;
}

/** Like getPath, but undefined when absent (for blame, where values come and go). */
export function peekPath(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(k)];
  }
  return v;
}
