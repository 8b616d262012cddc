/**
 * `vtwin report <fuzz-out-dir>`: one self-contained HTML page of a campaign: findings grouped by
 * rule and root cause, each with its shrunk reproducer's timeline; rule coverage; mutation score.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/rules/index.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const dir = mkdtempSync(join(tmpdir(), 'vtwin-report-'));

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

interface Finding {
  rule: string;
  seed: number;
  message: string;
}
let findings: Finding[];

beforeAll(async () => {
  // A device that reorders its admin queue: the FIFO rule catches it, shrunk to a few commands.
  expect((await vtwin('fuzz', '--profile', 'aq-reorder', '--runs', '300', '--out', 'fz')).code).toBe(1);
  findings = (JSON.parse(readFileSync(join(dir, 'fz', 'report.json'), 'utf8')) as { findings: Finding[] }).findings;
  expect(findings.length).toBeGreaterThan(1);
});

const section = (html: string, title: string) => html.slice(html.indexOf(`<h2>${title}`)).split('<h2>')[1]!;

describe('vtwin report', () => {
  it('writes one self-contained page: every finding under its rule, with its reproducer timeline', async () => {
    const r = await vtwin('report', 'fz');
    expect(r.code).toBe(0);
    expect(r.err).toBe(`vtwin: wrote ${join('fz', 'report.html')} (open it in a browser)\n`);
    const html = readFileSync(join(dir, 'fz', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|(src|href)="https?:/);
    const found = section(html, 'Findings by rule and root cause');
    expect(found).toContain('<h3 class="bad">device.aq.fifo-per-queue</h3>');
    for (const f of findings) {
      expect(found).toContain(`seed ${f.seed}`);
      expect(found).toContain(`vtwin run ${join('fz', f.rule, `${f.seed}.json`)}`);
    }
    // Each finding's timeline shows the violation, marked, and what was left outstanding.
    const marks =
      found.match(/<span class="v">\s+!! {2}VIOLATION device\.aq\.fifo-per-queue by device at seq \d+/g) ?? [];
    expect(marks.length).toBeGreaterThanOrEqual(findings.length);
    expect(found.match(/outstanding at the end: /g)).toHaveLength(findings.length);
    expect(found).toMatch(/distinct shrunk shape\(s\)/);
  });

  it('shows rule coverage and says when no mutation score was recorded', async () => {
    await vtwin('report', 'fz', '--out', 'fz.html');
    const html = readFileSync(join(dir, 'fz.html'), 'utf8');
    const cov = section(html, 'Rule coverage');
    expect(cov).toMatch(new RegExp(`<b>\\d+/${ALL_RULES.length}</b> rules exercised`));
    for (const r of ALL_RULES) expect(cov).toContain(`<code>${r.id}</code>`);
    expect(section(html, 'Mutation score')).toContain('Not recorded for this campaign');
  });

  it('groups findings by the root cause the report names', async () => {
    cpSync(join(dir, 'fz'), join(dir, 'rc'), { recursive: true });
    const report = JSON.parse(readFileSync(join(dir, 'rc', 'report.json'), 'utf8')) as {
      findings: Record<string, unknown>[];
    };
    report.findings.forEach((f, i) => (f.rootCause = i === 0 ? { id: 'A', summary: 'reorders the first two' } : 'B'));
    writeFileSync(join(dir, 'rc', 'report.json'), JSON.stringify(report));
    await vtwin('report', 'rc');
    const found = section(readFileSync(join(dir, 'rc', 'report.html'), 'utf8'), 'Findings by rule and root cause');
    expect(found).toContain(`${findings.length} finding(s), 2 root cause(s)`);
    expect(found).toContain('<b>root cause: reorders the first two</b>');
    expect(found).toContain('<b>root cause: B</b>');
  });

  it('shows the mutation score of a --profile all campaign', async () => {
    expect([0, 1]).toContain((await vtwin('fuzz', '--profile', 'all', '--runs', '30', '--out', 'mut')).code);
    const score = JSON.parse(readFileSync(join(dir, 'mut', 'mutation.json'), 'utf8')) as { score: string };
    expect((await vtwin('report', 'mut')).code).toBe(0);
    const html = readFileSync(join(dir, 'mut', 'report.html'), 'utf8');
    expect(section(html, 'Mutation score')).toContain(`<b>${score.score}</b> deviation profiles caught`);
  });

  it('refuses what is not a campaign directory, exit 2', async () => {
    writeFileSync(join(dir, 'plain.txt'), 'x');
    expect((await vtwin('report', 'plain.txt')).err).toMatch(/plain\.txt: expected a fuzz campaign's --out directory/);
    cpSync(join(dir, 'fz'), join(dir, 'bad'), { recursive: true });
    writeFileSync(join(dir, 'bad', 'report.json'), '[1, 2]');
    const r = await vtwin('report', 'bad');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\/report\.json: expected a vtwin fuzz report/);
  });
});
