/**
 * The vtwin-capture format (docs/capture-format.md#vtwin-capture): the published JSON Schema is the
 * one generated from the zod schemas; bad lines are input errors naming the line and the field
 * path; unknown record types are counted or refused (--strict).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../src/errors.js';
import { parseCapture } from '../../../src/ingest/capture/parse.js';
import { RECORD_SCHEMAS } from '../../../src/ingest/capture/schema.js';
import { planText } from '../../../src/ingest/ingest.js';
import { publishedSchemas } from '../../../tools/schemas.js';

const HEADER = '{"format":"vtwin-capture","version":1,"device":{},"capturedBy":{"tool":"t"}}';

function error(text: string, strict = false): string {
  try {
    parseCapture(text, 'c.jsonl', { strict });
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureError);
    return (e as CaptureError).message;
  }
  throw new Error('accepted');
}

describe('the published JSON Schema', () => {
  it('schemas/vtwin-capture.schema.json is exactly what the zod schemas generate (npm run schemas)', () => {
    const published = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'schemas', 'vtwin-capture.schema.json'),
      'utf8',
    );
    expect(published).toBe(publishedSchemas()['vtwin-capture.schema.json']);
  });

  it('describes the header and every record type', () => {
    const text = publishedSchemas()['vtwin-capture.schema.json']!;
    const schema = JSON.parse(text) as { anyOf: unknown[]; $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const type of Object.keys(RECORD_SCHEMAS)) expect(text).toContain(`"const": "${type}"`);
    expect(text).toContain('"const": "vtwin-capture"');
  });
});

describe('reading a capture', () => {
  it('names the line and the field path of a header or record that breaks the schema', () => {
    expect(error('{"format":"vtwin-capture","version":2,"device":{},"capturedBy":{"tool":"t"}}')).toBe(
      'c.jsonl:1: version: expected 1',
    );
    expect(error('{"format":"vtwin-capture","version":1,"device":{"totalVFs":70000},"capturedBy":{"tool":"t"}}')).toBe(
      'c.jsonl:1: device.totalVFs: expected at most 65535',
    );
    expect(error(`${HEADER}\n\n{"type":"status.write","fn":"vf0","value":1}`)).toBe(
      'c.jsonl:3: fn: expected "pf" or "vfN" (N = 1..65535)',
    );
    expect(
      error(`${HEADER}\n{"type":"aq.complete","queue":0,"id":1,"status":0,"qualifier":0,"result":"0G","usedLen":8}`),
    ).toBe('c.jsonl:2: result: expected lower-case hex, two digits per byte');
    expect(error(`${HEADER}\n{"type":"msix.control","fn":"pf","value":1,"extra":2}`)).toMatch(
      /^c\.jsonl:2: extra: no such field/,
    );
    expect(error(`${HEADER}\n{"type":"interrupt","fn":"pf"}`)).toBe(
      'c.jsonl:2: vector: expected a vector, a source or both',
    );
    expect(error(`${HEADER}\n{"type":1}`)).toBe('c.jsonl:2: type: expected a record type (a string)');
    expect(error(`${HEADER}\n{"type":"bar",`)).toMatch(/^c\.jsonl:2: \(json\): expected one JSON value per line/);
    expect(error('\n\n')).toBe(
      'c.jsonl:2: (header): expected a vtwin-capture header line ({"format": "vtwin-capture", ...})',
    );
  });

  it('counts record types it does not know, refuses them with --strict', () => {
    const text = `${HEADER}\n{"type":"dma.write","addr":1}\n\n{"type":"sriov.numVFs","value":2}\n`;
    const p = parseCapture(text, 'c.jsonl');
    expect([p.unknown, p.ignored, p.records.length, p.lines, p.headerLine]).toEqual([
      { 'dma.write': 1 },
      { '(blank line)': 1 },
      1,
      4,
      1,
    ]);
    expect(error(text, true)).toMatch(/^c\.jsonl:2: type: expected a record type this version knows \(--strict\)/);
  });
});

describe('extension opcodes in a capture', () => {
  /** An SR-IOV LIST_QUERY answered with `opcodes` set in a bitmap wide enough to hold `width` opcodes. */
  function listQuery(opcodes: number[], width: number): string {
    const bitmap = new Uint8Array(Math.ceil(width / 8));
    for (const op of [0, 1, ...opcodes]) bitmap[op >> 3]! |= 1 << (op & 7);
    const hex = Buffer.from(bitmap).toString('hex');
    return [
      HEADER,
      '{"type":"aq.submit","queue":0,"id":0,"cmd":"000001000000000000000000000000000000000000000000",' +
        `"writable":${8 + bitmap.length}}`,
      `{"type":"aq.complete","queue":0,"id":0,"status":0,"qualifier":0,"result":"${hex}",` +
        `"usedLen":${8 + bitmap.length}}`,
    ].join('\n');
  }

  it('reads which families LIST_QUERY offers at the numbers --device extOpcodes gives them', () => {
    const moved = { VTWIN_EXT_VF_MSIX_SET: 0x7e00, VTWIN_EXT_VF_MSIX_GET: 0x7e01 };
    const text = listQuery([0x7e00, 0x7e01], 0x7e08);
    const plan = planText(text, { file: 'c.jsonl', device: { extOpcodes: moved } });
    expect(plan.calibration.valueOf('vfMsixProvisioning')).toBe(true);
    // At the default numbers the same answer offers nothing of the family.
    expect(planText(text, { file: 'c.jsonl' }).calibration.valueOf('vfMsixProvisioning')).toBe(false);
  });
});
