/**
 * `vtwin report <fuzz-out-dir> [--out report.html]`: a campaign's output directory as one
 * self-contained HTML page (src/view/campaign.ts). Reads report.json (checked as `fuzz merge` checks
 * it) and mutation.json when present. Each finding of a report is one root cause, shown with the
 * rules it made fire; each with its `<rule>/<seed>.vtrace` timeline. Registered in
 * tools/register/report.ts.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeEntry, describeOutstanding } from '../../src/analysis/describe.js';
import { timeline } from '../../src/analysis/timeline.js';
import { InputError } from '../../src/errors.js';
import { ALL_RULES, ruleInfo } from '../../src/rules/index.js';
import { parseReport } from '../../src/fuzz/index.js';
import { parseJson } from '../../src/scenario/syntax.js';
import { openTraceFile } from '../../src/trace/file.js';
import { campaignHtml, type FindingView, type MutationRow } from '../../src/view/campaign.js';
import type { Io } from '../io.js';

type Obj = Record<string, unknown>;

/** Timeline lines kept per finding (a shrunk reproducer is short; a raw one may not be). */
const MAX_LINES = 400;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const counts = (v: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  if (isObj(v)) for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
};

function readJson(file: string, label: string): unknown {
  return parseJson(readFileSync(file, 'utf8'), label);
}

function traceTimeline(file: string): Pick<FindingView, 'timeline' | 'outstanding'> {
  const reader = openTraceFile(file);
  try {
    const lines: { text: string; violation: boolean }[] = [];
    const config = reader.header.config;
    let cut = 0;
    const r = timeline(reader, {}, (e) => {
      if (lines.length < MAX_LINES) lines.push({ text: describeEntry(e, config), violation: e.kind === 'violation' });
      else cut++;
    });
    const outstanding = r.outstanding.length
      ? [`outstanding at the end:`, ...r.outstanding.map((c) => `  ${describeOutstanding(c, config)}`)]
      : [`outstanding at the end: no admin command`];
    return { timeline: { lines, cut }, outstanding };
  } finally {
    reader.close();
  }
}

/** `dir` is where the files are; `label` is how the user wrote it (shown in commands to copy). */
function findingView(dir: string, label: string, f: Obj): FindingView {
  const rule = String(f.rule ?? 'unknown rule');
  const seed = num(f.seed) ?? -1;
  const at = (ext: string) => ({ file: join(dir, rule, `${seed}.${ext}`), shown: join(label, rule, `${seed}.${ext}`) });
  const scenario = at('json');
  const trace = at('vtrace');
  let tl: Pick<FindingView, 'timeline' | 'outstanding'>;
  try {
    tl = existsSync(trace.file)
      ? traceTimeline(trace.file)
      : { timeline: { missing: `no reproducer trace at ${trace.shown}` }, outstanding: [] };
  } catch (e) {
    tl = { timeline: { missing: `${trace.shown}: ${(e as Error).message}` }, outstanding: [] };
  }
  return {
    rule,
    actor: String(f.actor ?? ''),
    message: String(f.message ?? ''),
    seed,
    index: num(f.index),
    inputs: num(f.inputs),
    consequences: (Array.isArray(f.consequences) ? f.consequences : []).filter(isObj).map((c) => ({
      rule: String(c.rule ?? '?'),
      actor: String(c.actor ?? ''),
      message: String(c.message ?? ''),
    })),
    scenario: existsSync(scenario.file) ? scenario.shown : null,
    trace: existsSync(trace.file) ? trace.shown : null,
    ...tl,
  };
}

/** Findings of a directory without report.json (`--profile all`): `<rule>/<seed>.vtrace`. */
function discovered(dir: string): Obj[] {
  const out: Obj[] = [];
  for (const rule of readdirSync(dir).sort()) {
    if (!statSync(join(dir, rule)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, rule)).sort()) {
      const m = /^(\d+)\.vtrace$/.exec(f);
      if (m) out.push({ rule, seed: Number(m[1]), message: '(from the directory: no report.json)' });
    }
  }
  return out;
}

function mutationRows(dir: string, report: Obj): MutationRow[] | null {
  const file = join(dir, 'mutation.json');
  const doc: unknown = report.mutation ?? (existsSync(file) ? readJson(file, file) : undefined);
  const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.mutation) ? doc.mutation : null;
  if (!list) return null;
  return list.filter(isObj).map((r) => ({
    profile: String(r.profile ?? '?'),
    caught: r.caught === true,
    afterRuns: num(r.afterRuns) ?? 0,
    rule: typeof r.rule === 'string' ? r.rule : null,
    shrunkInputs: num(r.shrunkInputs),
  }));
}

export function campaignReportHtml(dirArg: string, cwd: string): string {
  const dir = resolve(cwd, dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`${dirArg}: expected a fuzz campaign's --out directory (vtwin fuzz --out <dir>)`);
  }
  const file = join(dir, 'report.json');
  const hasReport = existsSync(file);
  const label = join(dirArg, 'report.json');
  const report: Obj = hasReport ? (parseReport(readJson(file, label), label) as unknown as Obj) : {};
  const mutation = mutationRows(dir, report);
  if (!hasReport && !mutation) {
    throw new InputError(`${dirArg}: no report.json or mutation.json; expected a fuzz campaign's --out directory`);
  }
  const findings = (hasReport ? (report.findings as unknown[]).filter(isObj) : discovered(dir)).map((f) =>
    findingView(dir, dirArg, f),
  );
  const field = (k: string): string => String(report[k] ?? '?');
  const summary = [
    ['directory', dirArg],
    ['campaign', `seed ${field('seed')}, profile ${field('profile')}, ${field('actions')} actions/run`],
    ['runs', `${field('runs')} (${field('events')} events, ${field('commands')} commands)`],
    ['runs with deliberate driver misbehaviour', String(report.misbehavingRuns ?? '?')],
    ['findings', String(findings.length)],
  ].map(([label, value]) => ({ label: label!, value: value! }));
  return campaignHtml({
    dir: dirArg,
    summary,
    findings,
    mutation,
    rules: ALL_RULES.map(ruleInfo),
    exercised: isObj(report.exercised) ? counts(report.exercised) : null,
    violationsByRule: counts(report.violationsByRule),
    findingsByRule: counts(report.findingsByRule),
  });
}

export function reportAction(io: Io, dir: string, opts: { out?: string }): void {
  const html = campaignReportHtml(dir, io.cwd);
  const out = opts.out ?? join(dir, 'report.html');
  writeFileSync(resolve(io.cwd, out), html);
  io.err(`vtwin: wrote ${out} (open it in a browser)\n`);
}
