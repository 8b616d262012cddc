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
  return { parts, re: new RegExp(`^${source(parts)}$`), fields: list };
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

/** A hex field as a number; null when it does not fit a JS integer exactly (above 2^53 - 1). */
export function hexValue(h: string): number | null {
  const v = parseInt(h, 16);
  return Number.isSafeInteger(v) ? v : null;
}
