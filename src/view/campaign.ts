/**
 * A fuzz campaign as one self-contained HTML file (`vtwin report`, README "Seeing a run"):
 * findings grouped by rule and root cause, each with its shrunk reproducer's timeline; the
 * mutation score; rule coverage. Plain HTML and CSS, no script: it opens anywhere, offline.
 */
import type { RuleInfo } from '../rules/framework.js';

export interface MutationRow {
  profile: string;
  caught: boolean;
  afterRuns: number;
  rule: string | null;
  shrunkInputs: number | null;
}

export interface FindingView {
  rule: string;
  actor: string;
  message: string;
  seed: number;
  index: number | null;
  inputs: number | null;
  /** Other rules this root cause made fire in the same run, in causal order. */
  consequences: { rule: string; actor: string; message: string }[];
  scenario: string | null;
  trace: string | null;
  /** The reproducer's timeline, one line per entry (violations marked), or why there is none. */
  timeline: { lines: { text: string; violation: boolean }[]; cut: number } | { missing: string };
  outstanding: string[];
}

export interface CampaignView {
  dir: string;
  summary: { label: string; value: string }[];
  findings: FindingView[];
  mutation: MutationRow[] | null;
  rules: readonly RuleInfo[];
  exercised: Record<string, number> | null;
  violationsByRule: Record<string, number>;
  findingsByRule: Record<string, number>;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1d2125; }
h1 { font-size: 20px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 3px 8px; border-bottom: 1px solid #dde1e6; }
.dim { color: #6b7280; } .bad { color: #b91c1c; } .ok { color: #047857; } .never td { background: #fff7e6; }
pre { font: 12px/1.35 ui-monospace, Menlo, monospace; background: #f6f7f9; padding: 8px; overflow-x: auto; }
pre .v { color: #b91c1c; font-weight: 600; }
code { font: 12px ui-monospace, Menlo, monospace; } details { margin: 6px 0 12px; }
.group { border-left: 3px solid #c7d2fe; padding-left: 10px; margin: 8px 0; }
`;

function findingHtml(f: FindingView): string {
  const where = [
    f.index !== null ? `run ${f.index}` : '',
    `seed ${f.seed}`,
    f.inputs !== null ? `shrunk to ${f.inputs} command(s)` : '',
  ].filter(Boolean);
  const repro = [
    f.scenario ? `reproduce: <code>vtwin run ${esc(f.scenario)}</code>` : '',
    f.trace ? `view: <code>vtwin view ${esc(f.trace)}</code>` : '',
  ].filter(Boolean);
  let body: string;
  if ('missing' in f.timeline) body = `<p class="dim">${esc(f.timeline.missing)}</p>`;
  else {
    const lines = f.timeline.lines.map((l) => (l.violation ? `<span class="v">${esc(l.text)}</span>` : esc(l.text)));
    if (f.timeline.cut > 0) lines.push(`… ${f.timeline.cut} more line(s): vtwin timeline ${esc(f.trace ?? '')}`);
    lines.push(...f.outstanding.map(esc));
    body = `<pre>${lines.join('\n')}</pre>`;
  }
  return (
    `<details><summary>${esc(f.message)} <span class="dim">(${where.join(', ')})</span></summary>` +
    `<p>${repro.join(' · ')}</p>${body}</details>`
  );
}

/** The violations a root cause brought with it: shown under it, not as findings of their own. */
function consequencesHtml(f: FindingView): string {
  if (f.consequences.length === 0) return '<p class="dim">caused no other violation</p>';
  const items = f.consequences.map(
    (c) => `<li><code>${esc(c.rule)}</code> <span class="dim">(${esc(c.actor)})</span> ${esc(c.message)}</li>`,
  );
  return `<p>it also made these rules fire (consequences, not separate bugs):</p><ul>${items.join('')}</ul>`;
}

function findingsHtml(v: CampaignView): string {
  if (v.findings.length === 0) return '<p class="ok">No findings: no rule caught the device or host misbehaving.</p>';
  const byRule = new Map<string, FindingView[]>();
  for (const f of v.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const info = new Map(v.rules.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const [rule, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    const r = info.get(rule);
    out.push(
      `<h3 class="bad">${esc(rule)}</h3>` +
        `<p>${esc(r?.actor ?? list[0]!.actor)} · ${esc(r?.section ?? 'a rule this build does not have')}` +
        `<br><span class="dim">${list.length} root cause(s)</span></p>`,
    );
    for (const f of list) out.push(`<div class="group">${findingHtml(f)}${consequencesHtml(f)}</div>`);
  }
  return out.join('\n');
}

function mutationHtml(rows: MutationRow[] | null): string {
  if (!rows) {
    return (
      '<p class="dim">Not recorded for this campaign. ' +
      '<code>vtwin fuzz --profile all --out &lt;dir&gt;</code> scores every deviation profile.</p>'
    );
  }
  const caught = rows.filter((r) => r.caught).length;
  const body = rows
    .map(
      (r) =>
        `<tr><td><code>${esc(r.profile)}</code></td>` +
        `<td class="${r.caught ? 'ok' : 'bad'}">${r.caught ? 'caught' : 'NOT caught'}</td>` +
        `<td>${esc(r.rule ?? '')}</td><td>${r.afterRuns}</td><td>${r.shrunkInputs ?? ''}</td></tr>`,
    )
    .join('');
  return (
    `<p><b>${caught}/${rows.length}</b> deviation profiles caught.</p>` +
    '<table><tr><th>profile</th><th></th><th>caught by</th><th>after runs</th><th>shrunk inputs</th></tr>' +
    `${body}</table>`
  );
}

function coverageHtml(v: CampaignView): string {
  if (!v.exercised) return '<p class="dim">The report records no rule coverage.</p>';
  const ex = v.exercised;
  const used = v.rules.filter((r) => (ex[r.id] ?? 0) > 0).length;
  const rows = v.rules
    .map((r) => {
      const n = ex[r.id] ?? 0;
      return (
        `<tr class="${n === 0 ? 'never' : ''}"><td><code>${esc(r.id)}</code></td>` +
        `<td>${esc(r.actor)}</td><td>${r.kind}</td>` +
        `<td>${n}</td><td>${v.violationsByRule[r.id] ?? 0}</td><td>${v.findingsByRule[r.id] ?? 0}</td></tr>`
      );
    })
    .join('');
  return (
    `<p><b>${used}/${v.rules.length}</b> rules exercised (looked at something at least once); ` +
    'never exercised rules are shaded.</p>' +
    '<table><tr><th>rule</th><th>actor</th><th>kind</th><th>exercised</th>' +
    `<th>fired (runs)</th><th>findings (runs)</th></tr>${rows}</table>`
  );
}

export function campaignHtml(v: CampaignView): string {
  const summary = v.summary.map((s) => `<tr><th>${esc(s.label)}</th><td>${esc(s.value)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>virtio-twin fuzz campaign · ${esc(v.dir)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>virtio-twin fuzz campaign</h1>
<table>${summary}</table>
<h2>Findings by rule and root cause</h2>
${findingsHtml(v)}
<h2>Mutation score</h2>
${mutationHtml(v.mutation)}
<h2>Rule coverage</h2>
${coverageHtml(v)}
</body></html>
`;
}
