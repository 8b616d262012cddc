/**
 * The viewer's one HTML page (README "Seeing a run"). Served by `vtwin view` with the page script
 * at /page.js; written self-contained by `vtwin view --out`, with the trace and the code that
 * reads it inlined. No external resource of any kind: the page works offline.
 */

export interface PageParts {
  title: string;
  /** The UI script: inline text, or a URL on the serving host. */
  script: { inline: string } | { src: string };
  /** Self-contained pages: the trace (base64) and the in-page reader that answers the API. */
  embedded?: { traceBase64: string; name: string; reader: string };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Inline script text must not close its <script> element early. */
const inlineScript = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

export const PAGE_CSS = `
:root { --bg: #fff; --fg: #1d2125; --dim: #6b7280; --line: #d9dde3; --accent: #2563eb; --bad: #c81e1e;
  --changed: #fff3bf; --changed-in: #fffbe8; --panel: #f6f7f9; font: 13px/1.4 system-ui, sans-serif; }
body { margin: 0; color: var(--fg); background: var(--bg); }
header { padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; }
header h1 { font-size: 15px; margin: 0; }
#info, .dim { color: var(--dim); }
nav { padding: 6px 12px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center;
  border-bottom: 1px solid var(--line); }
nav input { width: 7em; }
#status { color: var(--bad); }
#overview { margin: 6px 12px; height: 14px; background: var(--panel); position: relative; cursor: pointer; }
#overview .v { position: absolute; top: 0; width: 2px; height: 14px; background: var(--bad); }
#overview .cur { position: absolute; top: -2px; width: 2px; height: 18px; background: var(--accent); }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 8px; padding: 0 12px; }
section { min-width: 0; }
h2 { font-size: 13px; margin: 10px 0 4px; }
#timeline { overflow-x: auto; }
#timeline svg text { font: 11px system-ui, sans-serif; fill: var(--fg); }
#timeline .ev { fill: var(--accent); cursor: pointer; }
#timeline .cmd { fill: #7c3aed; cursor: pointer; }
#timeline .viol { fill: var(--bad); cursor: pointer; }
#timeline .span { fill: #c7d7fe; stroke: #7b9cf5; }
#timeline .span.open { fill: #fde2e2; stroke: var(--bad); }
#timeline .cursor { stroke: var(--accent); stroke-width: 2; }
#timeline .vline { stroke: var(--bad); stroke-dasharray: 2 2; }
#timeline .settle { stroke: #059669; stroke-dasharray: 4 3; }
#timeline .row { stroke: var(--line); }
.panel { background: var(--panel); padding: 6px 8px; border-radius: 4px; overflow-x: auto; }
pre, code, .mono { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
.violation { color: var(--bad); }
a, .link { color: var(--accent); cursor: pointer; text-decoration: underline; }
#tree ul { list-style: none; margin: 0; padding-left: 14px; }
#tree > ul { padding-left: 0; }
#tree li > .row { white-space: nowrap; }
#tree .toggle { display: inline-block; width: 12px; cursor: pointer; color: var(--dim); }
#tree .key { cursor: pointer; }
#tree .val { cursor: pointer; }
#tree .changed > .row { background: var(--changed); }
#tree .changed-in > .row { background: var(--changed-in); }
#tree .code { color: #7c3aed; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
#violations { padding: 0 12px 16px; }
`;

export function pageHtml(p: PageParts): string {
  const script =
    'inline' in p.script
      ? `<script>${inlineScript(p.script.inline)}</script>`
      : `<script src="${escapeHtml(p.script.src)}"></script>`;
  const embedded = p.embedded
    ? `<script type="application/octet-stream" id="vtwin-trace" data-name="${escapeHtml(p.embedded.name)}">` +
      `${p.embedded.traceBase64}</script>\n<script>${inlineScript(p.embedded.reader)}</script>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(p.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>virtio-twin viewer</h1><span id="info">loading…</span></header>
<nav>
  <button data-act="prev-violation" title="previous violation ([)">« violation</button>
  <button data-act="prev-command" title="previous command (Shift+←)">◀◀ command</button>
  <button data-act="prev" title="previous event (←)">◀ event</button>
  <label>seq <input id="seq" type="number" inputmode="numeric"></label><span id="last" class="dim"></span>
  <button data-act="next" title="next event (→)">event ▶</button>
  <button data-act="next-command" title="next command (Shift+→)">command ▶▶</button>
  <button data-act="next-violation" title="next violation (])">violation »</button>
  <span class="dim">keys: ← → event · Shift+← → command · [ ] violation · Home End</span>
  <span id="status" role="status"></span>
</nav>
<div id="overview" title="the whole trace: violations in red; click to go there"></div>
<main>
  <section><h2>Timeline</h2><div id="timeline"></div></section>
  <section>
    <h2>At the cursor</h2><div id="event" class="panel"></div>
    <h2>State after this event <span class="dim">(changed paths highlighted; click a value to blame it)</span></h2>
    <div id="tree" class="panel mono"></div>
    <h2>Blame</h2><div id="blame" class="panel">Click a value in the state tree.</div>
  </section>
</main>
<section id="violations"><h2>Violations</h2><div id="violation-list"></div></section>
${embedded}
${script}
</body>
</html>
`;
}
