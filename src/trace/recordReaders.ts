/**
 * The per-record-shape readers of ./recordDecoder.ts, and its short-string builder. A reader is
 * compiled once per list of keys in the process and shared by every decoder.
 */
/** What a compiled reader reads from: the decoder's bytes, position and general reader. */
export interface Source {
  src: Uint8Array;
  pos: number;
  value(): unknown;
}

export type Reader = (d: Source) => Record<string, unknown>;

/** Distinct key lists whose readers are kept (compiled once per process, then shared). */
const MAX_READERS = 2048;
const readers = new Map<string, Reader>();

/** What the compiled reader names a key: msgpackr's own renaming of `__proto__` included. */
function propName(key: string): string {
  return key === '__proto__' ? '"__proto_"' : JSON.stringify(key);
}

/** One object literal per list of keys: V8 gives all its objects one hidden class. */
export function readerFor(keys: string[]): Reader {
  const id = JSON.stringify(keys);
  let r = readers.get(id);
  if (r !== undefined) return r;
  const body = readerSource(keys);
  try {
    r = new Function('d', body) as Reader;
  } catch {
    r = genericReader(keys);
  }
  if (readers.size < MAX_READERS) readers.set(id, r);
  return r;
}

/**
 * The reader of one list of keys. Small integers, the bulk of an event's fields, are read inline;
 * anything else through `value()`.
 */
function readerSource(keys: string[]): string {
  const lines = ['const s = d.src; let p = d.pos, t;'];
  keys.forEach((_, i) => {
    lines.push(`let v${i}; t = s[p];`,
      `if (t < 0x40) { v${i} = t; p++; }`,
      `else if (t >= 0xe0) { v${i} = t - 0x100; p++; }`,
      `else if (t === 0xcc) { v${i} = s[p + 1]; p += 2; }`,
      `else if (t === 0xcd) { v${i} = (s[p + 1] << 8) | s[p + 2]; p += 3; }`,
      `else { d.pos = p; v${i} = d.value(); p = d.pos; }`);
  });
  lines.push('d.pos = p;', `return {${keys.map((k, i) => `${propName(k)}: v${i}`).join(', ')}};`);
  return lines.join('\n');
}

/** For a platform that refuses `new Function`: slower, same values. */
function genericReader(keys: string[]): Reader {
  const names = keys.map((k) => (k === '__proto__' ? '__proto_' : k));
  return (d) => {
    const o: Record<string, unknown> = {};
    for (const k of names) o[k] = d.value();
    return o;
  };
}

/** A short string in one allocation (a loop of `+=` builds a chain of string pieces past 12 characters). */
export function shortString(s: Uint8Array, p: number, n: number): string {
  const f = String.fromCharCode;
  switch (n) {
    case 1: return f(s[p]!);
    case 2: return f(s[p]!, s[p + 1]!);
    case 3: return f(s[p]!, s[p + 1]!, s[p + 2]!);
    case 4: return f(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!);
    case 5: return f(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!);
    case 6: return f(s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!);
    case 7: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!);
    case 8: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!);
    case 9: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!);
    case 10: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!);
    case 11: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!, s[p + 10]!);
    case 12: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!, s[p + 10]!, s[p + 11]!);
    case 13: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!, s[p + 10]!, s[p + 11]!, s[p + 12]!);
    case 14: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!, s[p + 10]!, s[p + 11]!, s[p + 12]!, s[p + 13]!);
    case 15: return f(
      s[p]!, s[p + 1]!, s[p + 2]!, s[p + 3]!, s[p + 4]!, s[p + 5]!, s[p + 6]!, s[p + 7]!,
      s[p + 8]!, s[p + 9]!, s[p + 10]!, s[p + 11]!, s[p + 12]!, s[p + 13]!, s[p + 14]!);
    default: return '';
  }
}
