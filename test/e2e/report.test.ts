/**
 * `vtwin report <fuzz-out-dir>`: one self-contained HTML page of a campaign: findings grouped by
 * rule and root cause, each with its shrunk reproducer's timeline; rule coverage; mutation score.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  consequences: { rule: string }[];
}
let findings: Finding[];

beforeAll(async () => {
  // A device whose failed commands still take effect: several root causes, some with consequences.
  expect((await vtwin('fuzz', '--profile', 'error-side-effects', '--runs', '400', '--out', 'fz')).code).toBe(1);
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
    expect(found).toContain('<h3 class="bad">device.aq.error-no-side-effects</h3>');
    for (const f of findings) {
      expect(found).toContain(`seed ${f.seed}`);
      expect(found).toContain(`vtwin run ${join('fz', f.rule, `${f.seed}.json`)}`);
    }
    // Each finding's timeline shows the violation, marked, and what was left outstanding.
    const marks = found.match(/<span class="v">\s+!! {2}VIOLATION [a-z.-]+ by device at seq \d+/g) ?? [];
    expect(marks.length).toBeGreaterThanOrEqual(findings.length);
    expect(found.match(/outstanding at the end: /g)).toHaveLength(findings.length);
  });

  it('shows rule coverage and says when no mutation score was recorded', async () => {
    await vtwin('report', 'fz', '--out', 'fz.html');
    const html = readFileSync(join(dir, 'fz.html'), 'utf8');
    const cov = section(html, 'Rule coverage');
    expect(cov).toMatch(new RegExp(`<b>\\d+/${ALL_RULES.length}</b> rules exercised`));
    for (const r of ALL_RULES) expect(cov).toContain(`<code>${r.id}</code>`);
    expect(section(html, 'Mutation score')).toContain('Not recorded for this campaign');
  });

  it('lists each root cause once, with the violations it caused beneath it, not as findings', async () => {
    const html = readFileSync(join(dir, 'fz', 'report.html'), 'utf8');
    const found = section(html, 'Findings by rule and root cause');
    const withCons = findings.filter((f) => f.consequences.length > 0);
    expect(withCons.length).toBeGreaterThan(0);
    const groups = found.split('<div class="group">').slice(1);
    expect(groups).toHaveLength(findings.length);
    for (const f of findings) {
      const g = groups.find((x) => x.includes(`seed ${f.seed}`) && x.includes(join('fz', f.rule, `${f.seed}.json`)))!;
      expect(g).toBeDefined();
      if (f.consequences.length === 0) expect(g).toContain('caused no other violation');
      for (const c of f.consequences) expect(g).toContain(`<li><code>${c.rule}</code>`);
    }
  });

  it('shows the mutation score of a --profile all campaign', async () => {
    expect([0, 1]).toContain((await vtwin('fuzz', '--profile', 'all', '--runs', '30', '--out', 'mut')).code);
    const score = JSON.parse(readFileSync(join(dir, 'mut', 'mutation.json'), 'utf8')) as { score: string };
    expect((await vtwin('report', 'mut')).code).toBe(0);
    const html = readFileSync(join(dir, 'mut', 'report.html'), 'utf8');
    expect(section(html, 'Mutation score')).toContain(`<b>${score.score}</b> deviation profiles caught`);
  });

  it('--profile all keeps reproducers apart by profile and strategy (run i has one seed in every campaign)', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'mut', 'mutation.json'), 'utf8')) as {
      mutation: { profile: string; strategy: string; caught: boolean }[];
      compare: { mutation: { profile: string; strategy: string; caught: boolean }[] | null };
    };
    const rows = [...doc.mutation, ...(doc.compare.mutation ?? [])].filter((r) => r.caught);
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) {
      const scenarios = readdirSync(join(dir, 'mut', r.profile, r.strategy), { recursive: true })
        .map(String).filter((f) => f.endsWith('.json'));
      expect(scenarios.length, `${r.profile}/${r.strategy}`).toBeGreaterThan(0);
    }
    // Nothing at the top level but the profiles' directories and mutation.json.
    const profiles = new Set(doc.mutation.map((r) => r.profile));
    for (const f of readdirSync(join(dir, 'mut'))) {
      if (!['mutation.json', 'report.html'].includes(f)) expect(profiles.has(f), f).toBe(true);
    }
  });

  it('refuses what is not a campaign directory, exit 2', async () => {
    writeFileSync(join(dir, 'plain.txt'), 'x');
    expect((await vtwin('report', 'plain.txt')).err).toMatch(/plain\.txt: expected a fuzz campaign's --out directory/);
    cpSync(join(dir, 'fz'), join(dir, 'bad'), { recursive: true });
    writeFileSync(join(dir, 'bad', 'report.json'), '[1, 2]');
    const r = await vtwin('report', 'bad');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\/report\.json: /);
  });
});
