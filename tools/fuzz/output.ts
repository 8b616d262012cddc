/** Campaign output: the human report, report.json, and one reproducer per finding. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import { coverage, parseReport, type CampaignReport, type MutationScore } from '../../src/fuzz/index.js';
import { readTextFile } from '../../src/scenario/file.js';
import { parseJson } from '../../src/scenario/syntax.js';
import { shellWord, vtwin } from '../invocation.js';
import { findingPaths } from './outDir.js';

/** One profile's score, and the compared strategy's runs-to-catch beside it. */
export function mutationLine(s: MutationScore, other?: MutationScore): string {
  const secs = (s.seconds ?? 0).toFixed(1);
  const head = s.caught
    ? `${s.profile.padEnd(28)} caught by ${s.rule} after ${s.afterRuns} run(s), ` +
      `shrunk to ${s.shrunkInputs} command(s), ${secs}s`
    : `${s.profile.padEnd(28)} NOT caught in ${s.afterRuns} run(s) (${secs}s)`;
  if (!other) return head;
  const runs = other.caught ? `after ${other.afterRuns} run(s)` : `NOT caught in ${other.afterRuns} run(s)`;
  return `${head}; ${other.strategy}: ${runs}`;
}

/** A shard's report.json (or the --out directory holding it), named in messages as the user wrote it. */
export function readReport(path: string, cwd: string): CampaignReport {
  let file = resolve(cwd, path);
  let label = path;
  const text = withLabel(label, () => {
    if (statSync(file).isDirectory()) {
      file = join(file, 'report.json');
      label = join(path, 'report.json');
      if (!existsSync(file)) throw new InputError(
        `${path}: a directory without report.json; expected a fuzz report or a campaign's --out directory`);
    }
    return readTextFile(file, label, 64 * 1024 * 1024, 'a fuzz report');
  });
  // parseJson names line and column in words; JSON.parse's own message quotes the raw bytes.
  return parseReport(parseJson(text, label), label);
}

/** File-system errors of `f` reported against `label` (the user's spelling), not the resolved path. */
function withLabel<T>(label: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && err.path) err.path = label;
    throw e;
  }
}

export function formatReport(r: CampaignReport, ms: number | null, out?: string): string {
  const cov = coverage(r);
  const counts = (x: Record<string, number>) => Object.entries(x).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
  const rate = ms !== null ? `, ${(ms / 1000).toFixed(1)}s (${Math.round((r.runs * 1000) / Math.max(1, ms))} runs/s, ` +
    `${(ms / Math.max(1, r.runs)).toFixed(2)} ms/run)` : '';
  const never = cov.never.length ? `; never: ${cov.never.join(', ')}` : '';
  const partial = r.partial ? ' (partial: the campaign did not finish; findings not shrunk)' : '';
  const lines = [
    `campaign seed=${r.seed} profile=${r.profile} actions/run=${r.actions} strategy=${strategyName(r)}${partial}`,
    `runs ${r.runs}, events ${r.events}, commands ${r.commands}${rate}`,
    `runs with deliberate driver misbehaviour: ${r.misbehavingRuns}`,
    `violations by rule (runs): ${counts(r.violationsByRule)}`,
    `root causes by rule (runs): ${counts(r.findingsByRule)}; ` +
      `consequences only (runs): ${counts(r.consequencesByRule)}`,
    `rule coverage: ${cov.exercised.length}/${cov.exercised.length + cov.never.length} exercised${never}`,
  ];
  if (!r.findings.length) lines.push('findings: none');
  for (const f of r.findings) {
    const shrunk = f.shrunk ? ` shrunk to ${f.inputs} command(s)` : '';
    lines.push(`FINDING ${f.rule} seed=${f.seed} (run ${f.index})${shrunk}: ${f.message}`);
    if (f.consequences.length) lines.push(`  caused: ${f.consequences.map((c) => c.rule).join(', ')}`);
    if (out) {
      const p = findingPaths(out, f);
      lines.push(`  reproduce: ${vtwin()} run ${shellWord(p.scenario)}    ` +
        `replay: ${vtwin()} replay ${shellWord(p.trace)}`);
    }
  }
  if (r.findings.length && !out) lines.push(
    '(add --out <dir> to save each finding as a scenario and a trace you can run and replay)');
  return lines.join('\n') + '\n';
}

export function strategyName(r: { strategy: string; depth: number | null }): string {
  return r.depth !== null ? `${r.strategy} (depth ${r.depth})` : r.strategy;
}
