/**
 * State paths for `expect: state`: `sriov.numVFs`, `fns.2.life.incarnation`, `fns[2].life`,
 * `aq.inUse.1`. Reading is plain property access on plain data; equality is structural.
 */
import { initialState, resolveConfig } from '../domain/device.js';

export type StateSeg = string | number;

/** Top-level keys of the state (they do not depend on the config). */
export const STATE_ROOTS: readonly string[] = Object.keys(initialState(resolveConfig({ totalVFs: 0 })));

const PATH = /^[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*$/;

/** Split a path into segments, or null when it is not a path. */
export function parseStatePath(path: string): StateSeg[] | null {
  if (!PATH.test(path)) return null;
  const out: StateSeg[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$]*|\d+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
  }
  return out;
}

export function readPath(root: unknown, segs: readonly StateSeg[]): { found: true; value: unknown }
    | { found: false; missing: string } {
  let cur: unknown = root;
  let at = '';
  for (const seg of segs) {
    const key = String(seg);
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) {
      return { found: false, missing: at ? `${at} has no ${JSON.stringify(key)}`
        : `the state has no ${JSON.stringify(key)}` };
    }
    cur = (cur as Record<string, unknown>)[key];
    at = at ? `${at}.${key}` : key;
  }
  return { found: true, value: cur };
}

/** Structural equality of plain data (JSON semantics: absent and undefined fields are the same). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A value for a message: compact JSON, cut at 200 characters. */
export function show(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
