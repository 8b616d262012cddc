/** Campaign output: the human report, report.json, and one reproducer per finding. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import type { Finding } from '../../src/fuzz/campaign.js';
import { findingScenario } from '../../src/fuzz/export.js';
import { coverage, type CampaignReport } from '../../src/fuzz/report.js';
import type { Io } from '../io.js';
import { writeFindingTrace } from './traceOut.js';

export interface MutationScore {
  profile: string;
  caught: boolean;
  afterRuns: number;
  rule: string | null;
  shrunkInputs: number | null;
  seconds: number;
}

export function mutationLine(s: MutationScore): string {
  return s.caught
    ? `${s.profile.padEnd(28)} caught by ${s.rule} after ${s.afterRuns} run(s), shrunk to ${s.shrunkInputs} command(s), ${s.seconds.toFixed(1)}s`
    : `${s.profile.padEnd(28)} NOT caught in ${s.afterRuns} run(s) (${s.seconds.toFixed(1)}s)`;
}

export function findingPaths(out: string, f: Finding): { dir: string; scenario: string; trace: string } {
  const dir = join(out, f.rule);
  return { dir, scenario: join(dir, `${f.seed}.json`), trace: join(dir, `${f.seed}.vtrace`) };
}

export function writeFindings(out: string, report: CampaignReport, io: Io): void {
  for (const f of report.findings) {
    const p = findingPaths(out, f);
    mkdirSync(p.dir, { recursive: true });
    writeFileSync(p.scenario, JSON.stringify(findingScenario(f, report), null, 2) + '\n');
    writeFindingTrace(p.trace, f, report);
    void io;
  }
}

export function writeReport(out: string, report: CampaignReport): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
}

export function readReport(path: string, cwd: string): CampaignReport {
  let file = resolve(cwd, path);
  if (statSync(file).isDirectory()) file = join(file, 'report.json');
  let r: CampaignReport;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as CampaignReport;
  } catch (e) {
    throw new InputError(`${path}: not a JSON fuzz report (${(e as Error).message})`);
  }
  if (r?.format !== 'vtwin-fuzz-report/1') throw new InputError(`${path}: not a vtwin fuzz report (format ${JSON.stringify(r?.format)}; expected "vtwin-fuzz-report/1")`);
  return r;
}

export function formatReport(r: CampaignReport, ms: number | null, out?: string): string {
  const cov = coverage(r);
  const lines = [
    `campaign seed=${r.seed} profile=${r.profile} actions/run=${r.actions}`,
    `runs ${r.runs}, events ${r.events}, commands ${r.commands}${ms !== null ? `, ${(ms / 1000).toFixed(1)}s (${Math.round((r.runs * 1000) / Math.max(1, ms))} runs/s, ${(ms / Math.max(1, r.runs)).toFixed(2)} ms/run)` : ''}`,
    `runs with deliberate driver misbehaviour: ${r.misbehavingRuns}`,
    `violations by rule (runs): ${Object.entries(r.violationsByRule).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`,
    `rule coverage: ${cov.exercised.length}/${cov.exercised.length + cov.never.length} exercised${cov.never.length ? `; never: ${cov.never.join(', ')}` : ''}`,
  ];
  if (!r.findings.length) lines.push('findings: none');
  for (const f of r.findings) {
    lines.push(`FINDING ${f.rule} seed=${f.seed} (run ${f.index}) ${f.shrunk ? `shrunk to ${f.inputs} command(s)` : ''}: ${f.message}`);
    if (out) {
      const p = findingPaths(out, f);
      lines.push(`  reproduce: vtwin run ${p.scenario}    replay: vtwin replay ${p.trace}`);
    }
  }
  if (r.findings.length && !out) lines.push('(add --out <dir> to save each finding as a scenario and a trace you can run and replay)');
  return lines.join('\n') + '\n';
}
