/**
 * QEMU's `log` trace backend output, line by line (docs/capture-format.md#qemu-trace-log). A line is
 * an optional prefix, the event name, one space and the event's formatted arguments. Prefixes
 * accepted, whatever the QEMU version: `<pid|tid>@<sec>.<usec>:` (older QEMU, or `-msg
 * timestamp=on`), an ISO 8601 UTC instant and a space (newer QEMU with `-msg timestamp=on`), then
 * optionally `[guest] `, `<program>: ` and `(<tid>:<thread>): `. Timestamps are informative: file
 * order is the order of observation.
 */
import { CaptureError } from '../../errors.js';
import { BLANK, bump, type Counts } from '../counts.js';
import { EVENTS, IGNORED, type QemuEvent, type QemuRecord } from './events.js';
import { diagnose, TOO_BIG, unsafeField } from './template.js';

/**
 * Prefix and event name; group 1 = the event, group 2 = its arguments. The prefixes, in order:
 * `<id>@<sec>.<usec>:` or an ISO instant (with an optional `(<tid>) `); `[guest] `; `<program>: `;
 * `(<tid>:<thread>): `.
 */
export const LINE_RE = new RegExp(
  [
    '^(?:\\d+@\\d+\\.\\d{6}:|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z (?:\\(\\d+\\) )?)?',
    '(?:\\[[^\\]]*\\] )?(?:[\\w.-]+: )?(?:\\(\\d+(?::[^)]*)?\\): )?',
    '(\\w+) (.*)$',
  ].join(''),
);

export interface QemuLine {
  /** 1-based line number in the file. */
  line: number;
  rec: QemuRecord;
}

export interface QemuParse {
  records: QemuLine[];
  /** Lines in the file (a final newline ends the last line; it does not start another). */
  lines: number;
  /** Known events the ingester does not use, and blank lines. */
  ignored: Counts;
  /** First words that are not a known event. */
  unknown: Counts;
}

export interface ParseOptions {
  /** Refuse the first line that is not a known event (`--strict`). */
  strict?: boolean;
  /** Hand each record here as it is read instead of keeping it in `records` (which stays empty). */
  onRecord?: (line: number, rec: QemuRecord) => void;
}

/** Split text into lines without copying the whole file into an array first. */
export function forEachLine(text: string, f: (line: string, n: number) => void): number {
  let n = 0;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const raw = text.charCodeAt(end - 1) === 13 ? text.slice(at, end - 1) : text.slice(at, end);
    f(raw, ++n);
    at = end + 1;
  }
  return n;
}

/** The line's first word after any timestamp: what an unknown line is counted under. */
function firstWord(line: string): string {
  const bare = line.replace(/^(?:\d+@\d+\.\d{6}:|\d{4}-\d\d-\d\dT[\d:.]+Z )/, '');
  const w = bare.trim().split(/\s+/, 1)[0] ?? '';
  return w.length > 64 ? `${w.slice(0, 61)}...` : w;
}

/** One event line's record, or throws a CaptureError naming the field that did not parse. */
function record(ev: QemuEvent, args: string, file: string, line: number): QemuRecord {
  const spec = EVENTS[ev];
  for (const t of spec.templates) {
    const m = t.re.exec(args);
    if (!m) continue;
    try {
      return spec.build(m);
    } catch (e) {
      if (e !== TOO_BIG) throw e;
      throw new CaptureError(file, line, `${ev}.${unsafeField(t, m)}`, 'a value below 2^53');
    }
  }
  const why = diagnose(spec.templates[0]!, args);
  throw new CaptureError(file, line, `${ev}.${why.field}`, `expected ${why.expected}`);
}

export function parseQemuLog(text: string, file: string, opts: ParseOptions = {}): QemuParse {
  const records: QemuLine[] = [];
  const ignored: Counts = {};
  const unknown: Counts = {};
  const lines = forEachLine(text, (raw, line) => {
    const m = LINE_RE.exec(raw);
    const ev = m?.[1];
    if (m && ev !== undefined && Object.hasOwn(EVENTS, ev)) {
      const rec = record(ev as QemuEvent, m[2]!, file, line);
      if (opts.onRecord) opts.onRecord(line, rec);
      else records.push({ line, rec });
      return;
    }
    if (ev !== undefined && IGNORED.has(ev)) return bump(ignored, ev);
    // Only now: a line LINE_RE matches has a word, so is never blank (no trim of every line).
    if (raw.trim() === '') return bump(ignored, BLANK);
    const name = firstWord(raw);
    if (opts.strict)
      throw new CaptureError(
        file,
        line,
        '(event)',
        `a QEMU trace event the ingester knows (--strict), got ${JSON.stringify(name)}`,
      );
    bump(unknown, name);
  });
  return { records, lines, ignored, unknown };
}

/**
 * The bench's baseline: split the text and match every line with the same regexes the parser uses
 * (prefix and event, then the event's argument template), decoding nothing. Returns lines matched.
 */
export function matchQemuLines(text: string): number {
  let matched = 0;
  forEachLine(text, (raw) => {
    const m = LINE_RE.exec(raw);
    const ev = m?.[1];
    if (!m || ev === undefined || !Object.hasOwn(EVENTS, ev)) return;
    for (const t of EVENTS[ev as QemuEvent].templates) {
      if (t.re.exec(m[2]!)) {
        matched++;
        return;
      }
    }
  });
  return matched;
}
