/**
 * Shared scenario schema pieces (zod 4) and the translation of a zod issue into the one line a
 * user reads: a JSON path (`steps[3].cmd.member`) and what was expected there.
 */
import { z } from 'zod';
import { normaliseHex } from '../util/hex.js';

export type PathSeg = string | number;

/** A problem found while loading: where (relative to the object checked) and what was expected. */
export interface Problem {
  path: PathSeg[];
  expected: string;
}

/** `["steps", 3, "cmd", "member"]` -> `steps[3].cmd.member`. */
export function jsonPath(segs: readonly PathSeg[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** `"opcodes.0"` (as encodeTyped reports a field) -> `["opcodes", 0]`. */
export function splitDotted(path: string): PathSeg[] {
  if (!path) return [];
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const TYPE_WORDS: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  unknown: 'a value',
  // z.unknown() fields that are required (e.g. `equals` of a state expectation).
  nonoptional: 'a value (any JSON)',
};

/** "at least 1 item", "at most 64 characters": the unit of an array/string bound, singular when 1. */
function bound(n: number | bigint, origin: string): string {
  const unit = origin === 'array' ? 'item' : origin === 'string' ? 'character' : '';
  return unit ? `${String(n)} ${unit}${Number(n) === 1 ? '' : 's'}` : String(n);
}

/** One zod issue -> a Problem. `allowedKeys` lists the fields an object accepts, for unknown-key errors. */
export function issueProblem(issue: z.core.$ZodIssue, allowedKeys?: readonly string[]): Problem {
  const path = issue.path.filter((p): p is PathSeg => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys?.length ? `; allowed here: ${allowedKeys.join(', ')}` : '';
      return { path: [...path, issue.keys[0]!], expected: `unknown field${allowed}` };
    }
    case 'invalid_type': {
      if (!issue.message.startsWith('Invalid input')) return { path, expected: issue.message };
      const want = TYPE_WORDS[issue.expected] ?? issue.expected;
      const got = /received (\w+)/.exec(issue.message)?.[1];
      if (got === 'undefined') return { path, expected: `required: ${want}` };
      const gotText = got === 'number' && issue.expected === 'int' ? 'a fraction' : got;
      return { path, expected: `expected ${want}${got ? `, got ${gotText}` : ''}` };
    }
    case 'too_big':
      return { path, expected: `at most ${bound(issue.maximum, issue.origin)}` };
    case 'too_small':
      return { path, expected: `at least ${bound(issue.minimum, issue.origin)}` };
    case 'invalid_value':
      return { path, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path, expected: issue.message };
  }
}

/** Parse with `schema`; on failure, the first issue as a Problem. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T }
    | { ok: false; problem: Problem } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, problem: issueProblem(r.error.issues[0]!, objectKeys(schema)) };
}

/** The field names of an object schema (for "allowed here: ..."), if it is one. */
export function objectKeys(schema: z.ZodType): string[] | undefined {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/**
 * How deeply objects and arrays may nest in a scenario or a command. Real scenarios need about 10
 * levels (an `equals` of a whole function's state). Checked while parsing text (./syntax.ts) and
 * on data built in code (below), so nothing recurses over a hostile depth.
 */
export const MAX_NESTING = 64;
export const TOO_DEEP = `objects and arrays nested at most ${MAX_NESTING} levels deep`;

/**
 * Data built in code (or a YAML alias) can nest without bound or loop; `__proto__` keys would be
 * dropped silently by the schemas (zod builds plain objects). Both are refused before any schema
 * runs, so every later recursion (zod, deep-equal at run time) is bounded.
 */
export function plainDataProblem(v: unknown, path: PathSeg[] = [], depth = 1): Problem | null {
  if (v === null || typeof v !== 'object') return null;
  if (depth > MAX_NESTING) return { path: [...path], expected: TOO_DEEP };
  const keys: PathSeg[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  for (const key of keys) {
    path.push(key);
    const p = key === '__proto__' ? { path: [...path],
      expected: 'a key other than "__proto__" (it cannot be a plain object key, so it would be ignored)' }
      : plainDataProblem((v as Record<PathSeg, unknown>)[key], path, depth + 1);
    path.pop();
    if (p) return p;
  }
  return null;
}

// ---- reusable field schemas ----

/** Largest byte buffer a scenario may spell out (raw commands, results): keeps input bounded. */
export const MAX_HEX_BYTES = 1 << 20;

/** `fn`: "pf" (= 0) or a VF number. */
export const fnRef = z
  .union([z.literal('pf'), z.int().min(0).max(65535)], { error: '"pf" or a VF number 1..65535' })
  .transform((v) => (v === 'pf' ? 0 : v));

/** A tag names a scenario action so expectations and pins can refer to it. */
export const tagSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'a tag of letters, digits and _ . : - (no spaces)' })
  // Tags become keys of plain objects in state (results by tag): "__proto__" would not be a key.
  .refine((t) => t !== '__proto__', { error: 'a tag other than "__proto__"' });

/** Hex bytes; whitespace, `0x` and `:`/`-`/`_` separators tolerated. Output is normalised lower-case hex. */
export const hexSchema = z
  .string({ error: 'a hex string (in YAML, quote it: "01")' })
  .max(MAX_HEX_BYTES * 3, { error: `at most ${MAX_HEX_BYTES} bytes of hex` })
  .transform((s, ctx) => {
    const h = normaliseHex(s);
    if (h === null) {
      ctx.issues.push({ code: 'custom', input: s, message: 'an even number of hex digits (0-9, a-f)' });
      return z.NEVER;
    }
    return h;
  });

/** Spec status name ("OK", "EINVAL", ...), `STATUS_<n>`, or "none" (the device never completed it). */
export const statusRef = z.string().min(1);
export const qualifierRef = z.string().min(1);
