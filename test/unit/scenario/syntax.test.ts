import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, lineColumn, locateJsonError } from '../../../src/scenario/syntax.js';

/** V8's own offset, when its message carries one ("... in JSON at position N"). */
function v8Offset(text: string): number | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message);
    return m ? Number(m[1]) : -1;
  }
}

describe('JSON syntax error location', () => {
  it('finds an error exactly when JSON.parse rejects the text, at the offset V8 reports when it reports one (seeded)',
      () => {
    // Valid JSON documents with one character inserted, deleted or replaced: mostly invalid, sometimes not.
    const mutated = fc
      .tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom('ins', 'del', 'rep'),
        fc.constantFrom(...'{}[],:"\'0a- \n\\tfn.'))
      .map(([doc, at, how, ch]) => {
        const i = doc.length ? at % doc.length : 0;
        if (how === 'ins') return doc.slice(0, i) + ch + doc.slice(i);
        if (how === 'del') return doc.slice(0, i) + doc.slice(i + 1);
        return doc.slice(0, i) + ch + doc.slice(i + 1);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        const v8 = v8Offset(text);
        const mine = locateJsonError(text);
        if (v8 === null) return mine.expected === 'valid JSON';
        if (mine.expected === 'valid JSON') return false;
        return v8 < 0 || mine.offset === v8;
      }),
      { seed: 20240601, numRuns: 3000 },
    );
  });

  it('places an error at 1-based line and column', () => {
    expect(lineColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('x', 0)).toEqual({ line: 1, column: 1 });
  });

  it('says the input ended when it was cut short', () => {
    expect(locateJsonError('{"a": [1, 2')).toEqual(
      { offset: 11, expected: "unexpected end of input (',' or ']' after an array element)" });
  });
});

describe('scenario format detection', () => {
  it('goes by extension first, then by content', () => {
    expect(detectFormat('a.JSON', 'x: 1')).toBe('json');
    expect(detectFormat('a.yml', '{"a": 1}')).toBe('yaml');
    expect(detectFormat('-', '  {"a": 1}')).toBe('json');
    expect(detectFormat('-', 'a: 1')).toBe('yaml');
  });
});
