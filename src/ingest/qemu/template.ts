/**
 * Argument templates for QEMU trace events. A template is the event's format string as QEMU's
 * `log` backend prints it (the text after the event name and one space), with each `%` conversion
 * replaced by a named, typed field. It compiles to one anchored regex (the fast path); when a line
 * does not match, the template is walked part by part to say which field was wrong.
 */

/** Field kinds: how QEMU prints the value, and how it is read back. */
export type FieldKind =
  /** `%d`, `%u`: a decimal integer. */
  | 'int'
  /** `0x%x`, `0x%"PRIx64"`: hex after a literal `0x`. */
  | 'hex'
  /** `%x`, `%02x` without a prefix, kept as text (a slot or function number in a name). */
  | 'hexword'
  /** `%s` of a device name, which may contain `:` and `.` (`0000:65:00.1`): the shortest match. */
  | 'name'
  /** `%s` or `%p` without spaces (a model name, a host pointer). */
  | 'word'
  /** `%c` of an INTx pin. */
  | 'pin';

export type Part = string | { field: string; kind: FieldKind };

export interface Template {
  parts: readonly Part[];
  /** The whole template, anchored at both ends, one capture group per field. */
  re: RegExp;
  fields: readonly { field: string; kind: FieldKind }[];
  /** The `int` and `hex` fields with their capture group: the numbers to check (unsafeField). */
  numbers: readonly { group: number; field: string; kind: 'int' | 'hex' }[];
}

const PATTERN: Record<FieldKind, string> = {
  int: '(-?\\d+)',
  hex: '0x([0-9a-fA-F]+)',
  hexword: '([0-9a-fA-F]+)',
  name: '(.+?)',
  word: '(\\S+)',
  pin: '([A-D])',
};

const EXPECTED: Record<FieldKind, string> = {
  int: 'a decimal integer',
  hex: 'a hex number written 0x...',
  hexword: 'a hex number',
  name: 'a device name',
  word: 'a word without spaces',
  pin: 'an INTx pin A-D',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function source(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? escape(p) : PATTERN[p.kind])).join('');
}

/** `t\` (${'dev:name'}:region${'index:int'})\``: a template from a tagged literal. */
export function tpl(strings: TemplateStringsArray, ...fields: string[]): Template {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    const f = fields[i];
    if (f === undefined) return;
    const [field, kind] = f.split(':') as [string, FieldKind];
    parts.push({ field, kind });
  });
  return build(parts);
}

function build(parts: Part[]): Template {
  const list = parts.filter((p): p is { field: string; kind: FieldKind } => typeof p !== 'string');
  const numbers = list.flatMap(({ field, kind }, i) =>
    kind === 'int' || kind === 'hex' ? [{ group: i + 1, field, kind }] : [],
  );
  return { parts, re: new RegExp(`^${source(parts)}$`), fields: list, numbers };
}

/** Templates one after another (a long format written in pieces). */
export function joined(...ts: Template[]): Template {
  return build(ts.flatMap((t) => [...t.parts]));
}

/** Where `args` stops matching `t`: the field (or the literal after a field) and what was expected. */
export function diagnose(t: Template, args: string): { field: string; expected: string } {
  let lastField = '(arguments)';
  for (let i = 0; i < t.parts.length; i++) {
    const p = t.parts[i]!;
    const prefix = new RegExp(`^${source(t.parts.slice(0, i + 1))}`);
    if (i + 1 === t.parts.length && prefix.test(args) && !t.re.test(args)) {
      return { field: typeof p === 'string' ? lastField : p.field, expected: 'the end of the line' };
    }
    if (!prefix.test(args)) {
      if (typeof p === 'string') return { field: lastField, expected: `${JSON.stringify(p.trim() || p)} to follow` };
      return { field: p.field, expected: EXPECTED[p.kind] };
    }
    if (typeof p !== 'string') lastField = p.field;
  }
  return { field: lastField, expected: 'the end of the line' };
}

/** Thrown by intField / hexField for a value too large to be exact (record() names the field). */
export const TOO_BIG = Symbol('value above 2^53');

/**
 * Digits a number may have and still be exact whatever they are: 2^53 has 16 decimal and 14 hex
 * digits. Longer ones (rare: leading zeros, or truly too big) are decoded by Number / parseInt.
 */
const SAFE_INT = 15;
const SAFE_HEX = 13;

function wide(raw: string, kind: 'int' | 'hex'): number {
  const v = kind === 'int' ? Number(raw) : parseInt(raw, 16);
  if (!Number.isSafeInteger(v)) throw TOO_BIG;
  return v;
}

/**
 * An `int` field's value (`-?\d+`, which the regex checked). A loop over a few digits is exact
 * (as Number is) and much faster than Number or parseInt, which dominated parsing.
 */
export function intField(raw: string | undefined): number {
  const t = raw!;
  if (t.length > SAFE_INT) return wide(t, 'int');
  const neg = t.charCodeAt(0) === 45; // '-'
  let v = 0;
  for (let i = neg ? 1 : 0; i < t.length; i++) v = v * 10 + (t.charCodeAt(i) - 48);
  return neg ? -v : v;
}

/** A `hex` field's value (`[0-9a-fA-F]+` after the `0x`, which the regex checked), as intField. */
export function hexField(raw: string | undefined): number {
  const t = raw!;
  if (t.length > SAFE_HEX) return wide(t, 'hex');
  let v = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : (c | 32) - 87); // '0'-'9', else 'a'-'f' ('A'-'F' | 32)
  }
  return v;
}

/** The first `int` or `hex` field of a match of `t` (in the template's order) too large to be exact. */
export function unsafeField(t: Template, m: ArrayLike<string | undefined>): string | null {
  for (const { group, field, kind } of t.numbers) {
    try {
      if (kind === 'int') intField(m[group]);
      else hexField(m[group]);
    } catch (e) {
      if (e === TOO_BIG) return field;
      throw e;
    }
  }
  return null;
}
