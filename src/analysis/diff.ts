/**
 * Structural diff of plain data (states, events): the paths where two values differ, with both
 * sides. Used by both replay modes, `vtwin diff` and `vtwin state`. Conventions match the state
 * hash (src/engine/hash.ts): key order does not matter and a key holding `undefined` equals an
 * absent key, so "hashes differ" and "diff is empty" never disagree.
 */
import { formatPath, type PathKey } from './path.js';

export type DiffKind = 'changed' | 'added' | 'removed';

export interface DiffEntry {
  /** Where, e.g. `aq.queues[0].pending[2]` or `fns[3].msix.isr`. */
  path: string;
  kind: DiffKind;
  /** The left value (absent for `added`). */
  a?: unknown;
  /** The right value (absent for `removed`). */
  b?: unknown;
}

export interface DiffResult {
  entries: DiffEntry[];
  /** How many differences there are in all (entries stops at the limit). */
  total: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !(v instanceof Uint8Array);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Deep equality with the hash's conventions (no allocation for equal inputs but key lists). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  }
  if (!isObject(a) || !isObject(b)) return false;
  const arr = Array.isArray(a);
  if (arr !== Array.isArray(b)) return false;
  if (arr) {
    const x = a as unknown as unknown[];
    const y = b as unknown as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  for (const k in a) if (a[k] !== undefined && !deepEqual(a[k], b[k])) return false;
  for (const k in b) if (b[k] !== undefined && a[k] === undefined) return false;
  return true;
}

/** The differences between `a` and `b`, depth first, object keys sorted; at most `limit` listed. */
export function diffValues(a: unknown, b: unknown, limit = 50): DiffResult {
  const result: DiffResult = { entries: [], total: 0 };
  walk(a, b, [], result, limit);
  return result;
}

function push(result: DiffResult, limit: number, entry: DiffEntry): void {
  result.total++;
  if (result.entries.length < limit) result.entries.push(entry);
}

function walk(a: unknown, b: unknown, path: PathKey[], result: DiffResult, limit: number): void {
  if (deepEqual(a, b)) return;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b);
  if (bothArrays) {
    const x = a as unknown[];
    const y = b as unknown[];
    const n = Math.max(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const p = [...path, i];
      if (i >= x.length) push(result, limit, { path: formatPath(p), kind: 'added', b: y[i] });
      else if (i >= y.length) push(result, limit, { path: formatPath(p), kind: 'removed', a: x[i] });
      else walk(x[i], y[i], p, result, limit);
    }
    return;
  }
  if (bothObjects) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = new Set<string>();
    for (const k in x) if (x[k] !== undefined) keys.add(k);
    for (const k in y) if (y[k] !== undefined) keys.add(k);
    for (const k of [...keys].sort(compareKeys)) {
      const p = [...path, k];
      if (x[k] === undefined) push(result, limit, { path: formatPath(p), kind: 'added', b: y[k] });
      else if (y[k] === undefined) push(result, limit, { path: formatPath(p), kind: 'removed', a: x[k] });
      else walk(x[k], y[k], p, result, limit);
    }
    return;
  }
  push(result, limit, { path: formatPath(path), kind: 'changed', a, b });
}

/** Integer-like keys numerically, then the rest as strings. */
function compareKeys(a: string, b: string): number {
  const x = /^\d+$/.test(a);
  const y = /^\d+$/.test(b);
  if (x && y) return Number(a) - Number(b);
  if (x !== y) return x ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Human-readable lines: `  path: a -> b`. Labels name the two sides. */
export function formatDiff(d: DiffResult, labels: [string, string] = ['recorded', 'replayed']): string[] {
  const lines = d.entries.map((e) => {
    if (e.kind === 'added') return `  ${e.path}: only in ${labels[1]}: ${show(e.b)}`;
    if (e.kind === 'removed') return `  ${e.path}: only in ${labels[0]}: ${show(e.a)}`;
    return `  ${e.path}: ${labels[0]} ${show(e.a)}, ${labels[1]} ${show(e.b)}`;
  });
  if (d.total > d.entries.length) lines.push(`  ... and ${d.total - d.entries.length} more`);
  return lines;
}

export function show(v: unknown, max = 120): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
