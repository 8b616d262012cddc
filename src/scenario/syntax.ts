/**
 * Text -> plain data for scenario files, with syntax errors located by line and column.
 * JSON for `.json`, YAML for `.yaml`/`.yml`, and by content otherwise (a leading `{` is JSON).
 */
import { Lexer, LineCounter, parseDocument } from 'yaml';
import { ScenarioError } from '../errors.js';
import { MAX_NESTING, TOO_DEEP } from './schema.js';

/** A scenario file that is not valid JSON/YAML: `file:line:column: what was expected`. */
export class ScenarioSyntaxError extends ScenarioError {
  constructor(
    file: string,
    readonly line: number,
    readonly column: number,
    expected: string,
  ) {
    super(file, '', expected);
    this.name = 'ScenarioSyntaxError';
    this.message = `${file}:${line}:${column}: ${expected}`;
  }
}

export type ScenarioFormat = 'json' | 'yaml';

export function detectFormat(file: string, text: string): ScenarioFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Offset of the first `[`/`{` (outside strings) that opens level MAX_NESTING + 1, or -1. */
export function jsonTooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote, over escapes
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** The same for YAML flow collections, by the yaml package's own lexer (quotes, comments, block scalars). */
export function yamlTooDeepAt(text: string): number {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_NESTING) return offset;
    } else if (token === ']' || token === '}') depth--;
    offset += token.length;
  }
  return -1;
}

function tooDeep(text: string, file: string, offset: number): ScenarioSyntaxError {
  const { line, column } = lineColumn(text, offset);
  return new ScenarioSyntaxError(file, line, column, TOO_DEEP);
}

export function parseJson(text: string, file: string): unknown {
  const deep = jsonTooDeepAt(text);
  if (deep >= 0) throw tooDeep(text, file, deep);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { offset, expected } = locateJsonError(text);
    const { line, column } = lineColumn(text, offset);
    throw new ScenarioSyntaxError(file, line, column, `invalid JSON: ${expected}`);
  }
  // JSON.parse keeps the last of two equal keys and says nothing; YAML files refuse them, so do JSON files.
  const dup = scanJson(text, true);
  if (dup) {
    const { line, column } = lineColumn(text, dup.offset);
    throw new ScenarioSyntaxError(file, line, column, dup.expected);
  }
  return value;
}

export function parseYaml(text: string, file: string): unknown {
  const deep = yamlTooDeepAt(text);
  if (deep >= 0) throw tooDeep(text, file, deep);
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    // Block nesting (by indentation alone) is bounded by the file size, not the lexer scan above;
    // the composer recurses once per level, so thousands of levels exhaust the stack here.
    if (e instanceof RangeError) throw new ScenarioSyntaxError(file, 1, 1, TOO_DEEP);
    throw e;
  }
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    // The composer reports its own stack overflow as a document error.
    if (/Maximum call stack/.test(err.message)) throw new ScenarioSyntaxError(file, line, col, TOO_DEEP);
    throw new ScenarioSyntaxError(file, line, col, `invalid YAML: ${err.message.split('\n')[0]}`);
  }
  try {
    // maxAliasCount bounds alias expansion, so a "billion laughs" file cannot exhaust memory.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) throw new ScenarioSyntaxError(file, 1, 1, TOO_DEEP);
    throw new ScenarioSyntaxError(file, 1, 1, `invalid YAML: ${(e as Error).message}`);
  }
}

export function parseText(raw: string, file: string, format?: ScenarioFormat): unknown {
  // Editors on some platforms prepend a byte-order mark; it is not part of the document.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  format ??= detectFormat(file, text);
  return format === 'json' ? parseJson(text, file) : parseYaml(text, file);
}

/**
 * Where JSON.parse failed, and why, in words. Node 20's messages do not always carry a position
 * ("Unexpected token 'x', ... is not valid JSON"), so this small scanner finds the first offending
 * character itself. Runs only after JSON.parse failed.
 */
export function locateJsonError(text: string): { offset: number; expected: string } {
  return scanJson(text, false) ?? { offset: text.length, expected: 'valid JSON' };
}

/** The first syntax problem (and, with `duplicates`, the first key repeated within one object), or null. */
function scanJson(text: string, duplicates: boolean): { offset: number; expected: string } | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  class Stop {
    constructor(
      readonly offset: number,
      readonly expected: string,
    ) {}
  }
  const stop = (expected: string, at = i): never => {
    throw new Stop(at, i >= text.length && at >= text.length ? `unexpected end of input (${expected})` : expected);
  };
  const str = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) stop('a control character inside a string (escape it, e.g. \\n)');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) stop('\\u followed by 4 hex digits',
            i + k);
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) stop(
          'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', i + 1);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= text.length) stop('a closing " for the string');
    i++;
  };
  const digits = () => {
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  };
  const isDigit = () => i < text.length && text[i]! >= '0' && text[i]! <= '9';
  const num = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (isDigit()) digits();
    else stop('a digit after the minus sign');
    if (text[i] === '.') {
      i++;
      if (!isDigit()) stop('digits after the decimal point');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit()) stop('digits in the exponent');
      digits();
    }
    if (isDigit()) stop('a well-formed number (no leading zeros)');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      const keys = duplicates ? new Set<string>() : null;
      for (;;) {
        ws();
        if (text[i] !== '"') stop(text[i] === '}'
          ? 'a property name after "," (trailing comma?)' : 'a double-quoted property name');
        const keyAt = i;
        str();
        if (keys) {
          const key = JSON.parse(text.slice(keyAt, i)) as string;
          if (keys.has(key)) stop(`duplicate key ${JSON.stringify(key)}: each key may appear once per object`, keyAt);
          keys.add(key);
        }
        ws();
        if (text[i] !== ':') stop("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        stop("',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') stop('a value after "," (trailing comma?)');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        stop("',' or ']' after an array element");
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num();
    const lit = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : null;
    if (lit) {
      for (let k = 0; k < lit.length; k++) if (text[i + k] !== lit[k]) stop(`"${lit}"`, i + k);
      i += lit.length;
      return;
    }
    stop(c === "'" ? 'a value; JSON strings use double quotes'
      : 'a value (string, number, object, array, true, false or null)');
  };
  try {
    value();
    ws();
    if (i < text.length) stop('the end of the input after the JSON value');
    return null;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, expected: e.expected };
    if (e instanceof RangeError) return { offset: i, expected: 'less deeply nested data' };
    throw e;
  }
}
