/**
 * Reading a `vtwin-capture` file (./schema.ts): the header on the first non-blank line, then one
 * record per line. A line that is not valid JSON, or a record that does not match its type's
 * schema, is an input error naming the line and the field path; a record of a type this version
 * does not know is counted (`unknown`), or refused with `--strict`.
 */
import type { z } from 'zod';
import { CaptureError } from '../../errors.js';
import { BLANK, bump, type Counts } from '../counts.js';
import { forEachLine } from '../qemu/parse.js';
import { headerSchema, RECORD_SCHEMAS, type CaptureHeader, type CaptureRecord, type RecordType } from './schema.js';

export interface CaptureLine {
  line: number;
  rec: CaptureRecord;
}

export interface CaptureParse {
  header: CaptureHeader;
  headerLine: number;
  records: CaptureLine[];
  lines: number;
  ignored: Counts;
  unknown: Counts;
}

/** A zod issue as "what was expected". */
export function issueText(issue: z.core.$ZodIssue): string {
  // The schema's own messages say what was expected; zod's defaults are rephrased below.
  if (issue.message.startsWith('expected ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `expected at least ${String(issue.minimum)} characters`
        : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `expected at most ${String(issue.maximum)} characters`
        : `expected at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'unrecognized_keys':
      return `no such field (expected only the fields docs/capture-format.md lists for this record)`;
    default:
      return issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
  }
}

function pathOf(issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return keys.length ? keys.map(String).join('.') : '(record)';
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string, line: number): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new CaptureError(file, line, pathOf(issue), issueText(issue));
}

function json(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CaptureError(file, line, '(json)', `expected one JSON value per line (${(e as Error).message})`);
  }
}

export function parseCapture(text: string, file: string, opts: { strict?: boolean } = {}): CaptureParse {
  let header: CaptureHeader | null = null;
  let headerLine = 0;
  const records: CaptureLine[] = [];
  const ignored: Counts = {};
  const unknown: Counts = {};
  const lines = forEachLine(text, (raw, line) => {
    if (raw.trim() === '') return bump(ignored, BLANK);
    const value = json(raw, file, line);
    if (header === null) {
      header = check(headerSchema, value, file, line);
      headerLine = line;
      return;
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') throw new CaptureError(file, line, 'type', 'expected a record type (a string)');
    if (!Object.hasOwn(RECORD_SCHEMAS, type)) {
      if (opts.strict)
        throw new CaptureError(
          file,
          line,
          'type',
          `expected a record type this version knows (--strict), one of ${Object.keys(RECORD_SCHEMAS).join(', ')}`,
        );
      return bump(unknown, type);
    }
    const schema = RECORD_SCHEMAS[type as RecordType] as z.ZodType<CaptureRecord>;
    records.push({ line, rec: check(schema, value, file, line) });
  });
  if (header === null)
    throw new CaptureError(
      file,
      Math.max(1, lines),
      '(header)',
      'expected a vtwin-capture header line ({"format": "vtwin-capture", ...})',
    );
  return { header, headerLine, records, lines, ignored, unknown };
}
