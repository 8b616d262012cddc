/** `vtwin explore` output: the human report, report.json, and one reproducer per finding. */
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseExploreReport, type ExploreFinding, type ExploreReport } from '../../src/explore/index.js';
import { parseJson } from '../../src/scenario/syntax.js';
import { fileSink } from '../../src/trace/file.js';
import { recordRun } from '../../src/trace/runs.js';

function fileName(rule: string): string {
  return rule.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+$/, '');
}

/** Each finding as `<out>/<rule>.json` (pinned scenario) and `<out>/<rule>.vtrace`; the report gets their paths. */
export function writeFindings(out: string, report: ExploreReport, findings: readonly ExploreFinding[]): ExploreReport {
  if (!findings.length) return report;
  mkdirSync(out, { recursive: true });
  const listed = report.findings.map((rf) => {
    const f = findings.find((x) => x.rule === rf.rule);
    if (!f) return rf;
    const scenario = join(out, `${fileName(f.rule)}.json`);
    const trace = join(out, `${fileName(f.rule)}.vtrace`);
    writeFileSync(scenario, JSON.stringify(f.scenario, null, 2) + '\n');
    const producer = `vtwin explore ${report.source} (${f.rule}, schedule ${f.schedule})`;
    recordRun(fileSink(trace), { config: f.config, seed: 0, producer }, f.commands);
    return { ...rf, scenario, trace };
  });
  return { ...report, findings: listed };
}

export function writeReport(out: string, report: ExploreReport): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
}

/** A shard's report.json (or the --out directory holding it). */
export function readExploreReport(path: string, cwd: string): ExploreReport {
  let file = resolve(cwd, path);
  let label = path;
  if (existsSync(file) && statSync(file).isDirectory()) {
    file = join(file, 'report.json');
    label = join(path, 'report.json');
    if (!existsSync(file)) {
      const want = 'expected an explore report or an --out directory';
      throw new InputError(`${path}: a directory without report.json; ${want}`);
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new InputError(`${path}: no such file or directory`);
    throw e;
  }
  return parseExploreReport(parseJson(text, label), label);
}

function num(n: number): string {
  return n >= 1e9 ? n.toExponential(2) : n < 100 && !Number.isInteger(n) ? n.toFixed(2) : String(Math.round(n));
}

function boundText(r: ExploreReport): string {
  const b = r.bound;
  const parts = [
    b.depth !== null && `depth=${b.depth}`,
    b.preemptions !== null && `preemptions=${b.preemptions}`,
    b.timeMs !== null && `time=${b.timeMs / 1000}s`,
  ];
  return parts.filter(Boolean).join(', ') || 'none';
}

export function formatExploreReport(r: ExploreReport, out?: string): string {
  const shard = r.shard ? ` shards ${r.shard.indices.join(',')} of ${r.shard.count}` : '';
  const secs = r.elapsedMs !== null ? `, ${(r.elapsedMs / 1000).toFixed(1)}s` : '';
  const naive = r.naive === null ? 'not computed (too many)' : num(r.naive);
  const reduction = r.reduction === null ? '-' : `${num(r.reduction)}x`;
  const violations = Object.entries(r.violations)
    .map(([k, v]) => `${k}=${v}${r.documented.includes(k) ? ' (documented)' : ''}`)
    .join(', ');
  const lines = [
    `explore ${r.source} (${r.kind}) profile=${r.profile} bound: ${boundText(r)}${shard}`,
    `schedules ${r.schedules}, distinct states ${r.states}, naive schedules ${naive}, reduction ${reduction}, ` +
      `${r.statesPerSecond ?? '-'} states/s${secs} (${r.units} units)`,
    `violations by rule: ${violations || 'none'}`,
    `complete: ${r.complete ? 'yes' : `no (${r.stoppedBy ?? 'shards missing'})`}`,
  ];
  if (!r.findings.length) lines.push('findings: none');
  for (const f of r.findings) {
    const how = f.shrunk ? `, shrunk to ${f.inputs} command(s)` : '';
    lines.push(`FINDING ${f.rule} in schedule ${f.schedule}${how}: ${f.message}`);
    if (f.consequences.length) lines.push(`  caused: ${f.consequences.map((c) => c.rule).join(', ')}`);
    if (f.scenario) lines.push(`  reproduce: vtwin run ${f.scenario}    replay: vtwin replay ${f.trace}`);
  }
  if (r.findings.length && !out && !r.findings.some((f) => f.scenario)) {
    lines.push('(add --out <dir> to save each finding as a pinned scenario and a trace)');
  }
  return lines.join('\n') + '\n';
}
