/**
 * The human report of `vtwin ingest` (README "Captured traces"): the verdict first, then the first
 * divergence with a few lines of capture context, the rest one per line, then the function map,
 * the profile, the line accounting and the assumptions.
 */
import type { IngestReport } from './ingest.js';

/** Lines `line - radius .. line + radius` of `text` (1-based), without splitting the whole text. */
export function contextLines(text: string, line: number, radius = 2): { n: number; text: string }[] {
  const out: { n: number; text: string }[] = [];
  let n = 1;
  let at = 0;
  while (at <= text.length && n <= line + radius) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (n >= line - radius) out.push({ n, text: text.slice(at, end).replace(/\r$/, '') });
    if (end >= text.length) break;
    at = end + 1;
    n++;
  }
  return out;
}

/** Context lines longer than this are cut: a LIST_USE bitmap in hex can run to kilobytes. */
const MAX_CONTEXT = 160;

const clip = (line: string): string =>
  line.length <= MAX_CONTEXT ? line : `${line.slice(0, MAX_CONTEXT - 1)}… (${line.length} characters)`;

const counts = (c: Record<string, number>): string =>
  Object.keys(c).length === 0
    ? 'none'
    : Object.entries(c)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');

export interface Paint {
  bad(s: string): string;
  ok(s: string): string;
  dim(s: string): string;
}

const plain: Paint = { bad: (s) => s, ok: (s) => s, dim: (s) => s };

export function formatIngest(r: IngestReport, text: string, defaultMap: boolean, paint: Paint = plain): string {
  const out: string[] = [];
  const head = `${r.capture}  (${r.format}, profile ${r.profile})`;
  if (r.verdict === 'consistent') {
    const obs = `${r.observations} observation${r.observations === 1 ? '' : 's'}`;
    out.push(`${paint.ok('CONSISTENT')}  ${head}  ${obs}, no divergence`);
  } else {
    const n = r.divergences.length;
    out.push(
      `${paint.bad('DIVERGENT')}  ${head}  ${n} divergence${n > 1 ? 's' : ''} in ${r.observations} observations`,
    );
    const d = r.divergences[0]!;
    out.push(`first divergence, line ${d.line} (seq ${d.seq}, ${d.fn}): ${d.what}`);
    out.push(`  observed ${d.observed}; expected ${d.expected}`);
    out.push(`  rule ${d.rule} (actor ${d.actor}): ${d.section}`);
    const width = String(d.line + 2).length;
    for (const c of contextLines(text, d.line)) {
      out.push(`  ${c.n === d.line ? '>' : ' '} ${String(c.n).padStart(width)} | ${clip(c.text)}`);
    }
    for (const o of r.divergences.slice(1, 20)) {
      out.push(`  line ${o.line} ${o.fn} ${o.rule}: ${o.what}: observed ${o.observed}; expected ${o.expected}`);
    }
    if (r.divergences.length > 20) out.push(`  ... and ${r.divergences.length - 20} more (--json lists them all)`);
  }
  const map = Object.entries(r.map).map(([k, v]) => `${k} = ${v}`);
  const how = defaultMap ? 'default: the PF and VFs in PCI address order; change with --map' : 'from --map';
  if (r.format === 'qemu-log') out.push(`function map: ${map.join(', ') || '(no device named)'} (${how})`);
  else if (map.length) out.push(`functions: ${map.join(', ')} (from the capture header)`);
  if (r.ranking) {
    const top = r.ranking.slice(0, 4).map((x) => `${x.profile} ${x.divergences}`);
    out.push(`profile: ${r.profile}, best of ${r.ranking.length} by divergences (${top.join(', ')}, ...)`);
  } else {
    out.push(`profile: ${r.profile}`);
  }
  out.push(`lines: ${r.lines}, ${r.used} used; ignored: ${counts(r.ignored)}; unknown: ${counts(r.unknown)}`);
  if (r.assumptions.length) {
    out.push('assumptions:');
    for (const a of r.assumptions)
      out.push(paint.dim(`  ${a.line === null ? '(start)' : `line ${a.line}`}: ${a.what}: ${String(a.value)}`));
  }
  if (r.trace) out.push(`trace: ${r.trace} (vtwin timeline / state / blame / check / diff / export work on it)`);
  return out.join('\n') + '\n';
}
