/** The viewer page: a cursor over the trace, and the panels that follow it. */
import type { AtResult, BlameView, Meta, WindowResult } from '../types.js';
import { byId, h, link } from './dom.js';
import { renderTimeline } from './timeline.js';
import { Refused, type Transport } from './transport.js';
import { ancestors, renderTree } from './tree.js';

/** Events shown in the timeline around the cursor; a new window is fetched near its edges. */
const WINDOW = 80;
const MARGIN = 8;

export class App {
  private meta!: Meta;
  private cursor = 0;
  private win: WindowResult | null = null;
  private at: AtResult | null = null;
  private token = 0;
  private readonly open = new Set<string>(['aq', 'sriov']);
  private readonly closed = new Set<string>();

  constructor(private readonly api: Transport) {}

  async start(): Promise<void> {
    this.meta = await this.api.ask('meta', {});
    const m = this.meta;
    const events = m.lastSeq - m.firstSeq + 1;
    byId('info').textContent =
      `${m.name} · ${m.producer} · profile ${m.profile} · seed ${m.seed} · ${m.totalVFs} VF(s) · ` +
      `${events} events · ${m.violationCount} violation(s)${m.complete ? '' : ' · truncated trace'}`;
    byId('last').textContent = ` of ${m.firstSeq - 1}..${m.lastSeq}`;
    document.title = `${m.name} · virtio-twin viewer`;
    this.renderViolations();
    this.renderOverview();
    this.wire();
    await this.seek(events > 0 ? m.firstSeq : m.firstSeq - 1);
  }

  private wire(): void {
    const acts: Record<string, () => void> = {
      prev: () => void this.seek(this.cursor - 1),
      next: () => void this.seek(this.cursor + 1),
      'prev-command': () => void this.jump('command', -1),
      'next-command': () => void this.jump('command', 1),
      'prev-violation': () => void this.jump('violation', -1),
      'next-violation': () => void this.jump('violation', 1),
      home: () => void this.seek(this.meta.firstSeq - 1),
      end: () => void this.seek(this.meta.lastSeq),
    };
    for (const b of document.querySelectorAll<HTMLButtonElement>('nav button[data-act]')) {
      b.addEventListener('click', () => acts[b.dataset.act ?? '']?.());
    }
    const input = byId('seq') as HTMLInputElement;
    input.addEventListener('change', () => void this.seek(Number(input.value)));
    input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      input.blur(); // the arrow keys step again
      void this.seek(Number(input.value));
    });
    document.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLInputElement) return;
      const key =
        e.shiftKey && e.key === 'ArrowLeft'
          ? 'prev-command'
          : e.shiftKey && e.key === 'ArrowRight'
            ? 'next-command'
            : KEYS[e.key];
      if (key === undefined) return;
      e.preventDefault();
      acts[key]?.();
    });
    byId('overview').addEventListener('click', (e) => {
      const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
      const { firstSeq, lastSeq } = this.meta;
      void this.seek(Math.round(firstSeq + ((e.clientX - r.left) / r.width) * (lastSeq - firstSeq)));
    });
  }

  private status(text: string): void {
    byId('status').textContent = text;
  }

  /** Ask, showing a refusal (or a lost server) in the status line instead of failing the page. */
  private async ask<T>(q: () => Promise<T>): Promise<T | null> {
    try {
      return await q();
    } catch (e) {
      this.status(e instanceof Refused ? e.message : `request failed: ${(e as Error).message}`);
      return null;
    }
  }

  async seek(seq: number): Promise<void> {
    const { firstSeq, lastSeq } = this.meta;
    if (!Number.isFinite(seq)) return;
    seq = Math.min(lastSeq, Math.max(firstSeq - 1, Math.round(seq)));
    this.cursor = seq;
    (byId('seq') as HTMLInputElement).value = String(seq);
    const token = ++this.token;
    const at = await this.ask(() => this.api.ask('at', { seq, open: [...this.open] }));
    if (!at || token !== this.token) return;
    this.status('');
    this.at = at;
    this.renderEvent(at);
    this.renderTreePanel();
    await this.ensureWindow(seq, token);
    this.renderOverview();
    document.body.dataset.seq = String(seq);
  }

  private async ensureWindow(seq: number, token: number): Promise<void> {
    const { firstSeq, lastSeq } = this.meta;
    const w = this.win;
    const inside =
      w &&
      seq >= Math.max(w.from + MARGIN, firstSeq) - (w.from === firstSeq ? MARGIN : 0) &&
      seq <= w.to - (w.to === lastSeq ? 0 : MARGIN);
    if (!inside) {
      const from = Math.max(firstSeq, Math.min(seq - WINDOW / 2, lastSeq - WINDOW + 1));
      const win = await this.ask(() => this.api.ask('window', { from, to: from + WINDOW - 1 }));
      if (!win || token !== this.token) return;
      this.win = win;
    }
    if (this.win) renderTimeline(byId('timeline'), this.win, seq, (s) => void this.seek(s));
  }

  private async jump(kind: 'violation' | 'command', dir: 1 | -1): Promise<void> {
    const r = await this.ask(() => this.api.ask('find', { kind, from: this.cursor, dir }));
    if (!r) return;
    if (r.seq === null) this.status(`no ${dir > 0 ? 'next' : 'previous'} ${kind}`);
    else await this.seek(r.seq);
  }

  private renderEvent(at: AtResult): void {
    const el = byId('event');
    const parts: Node[] = [];
    if (!at.event)
      parts.push(h('div', { id: 'event-line', class: 'mono' }, 'the start state (before the first event)'));
    else parts.push(h('div', { id: 'event-line', class: 'mono', 'data-type': at.event.type }, at.event.text));
    if (at.command) {
      const c = at.command;
      parts.push(
        h(
          'div',
          {},
          `from command ${c.index}: `,
          link(c.text, () => void this.seek(c.seq), { class: 'link mono' }),
        ),
      );
    }
    for (const v of at.violations) {
      parts.push(
        h(
          'div',
          { class: 'violation', 'data-rule': v.rule },
          `VIOLATION ${v.rule} by ${v.actor} — ${v.section}`,
          h('br'),
          v.message,
        ),
      );
    }
    if (at.changed.length > 0) {
      const ul = h('ul', { id: 'changed', class: 'mono' });
      for (const c of at.changed) ul.append(h('li', { 'data-path': c.path }, `${c.path}: ${c.text}`));
      if (at.changedTotal > at.changed.length)
        ul.append(h('li', {}, `… and ${at.changedTotal - at.changed.length} more`));
      parts.push(h('div', {}, 'changed:'), ul);
    } else if (at.event) parts.push(h('div', { class: 'dim' }, 'changed no state'));
    el.replaceChildren(...parts);
  }

  private renderTreePanel(): void {
    const at = this.at;
    if (!at) return;
    const changed = new Set(at.changed.map((c) => c.path));
    const changedIn = new Set(at.changed.flatMap((c) => ancestors(c.path)));
    renderTree(byId('tree'), at.tree, {
      closed: this.closed,
      changed,
      changedIn,
      toggle: (path, open) => {
        if (open) {
          this.open.add(path);
          this.closed.delete(path);
        } else {
          this.open.delete(path);
          this.closed.add(path);
        }
        void this.seek(this.cursor);
      },
      blame: (path) => void this.blame(path),
    });
  }

  private async blame(path: string): Promise<void> {
    const el = byId('blame');
    el.replaceChildren(h('span', { class: 'dim' }, `blaming ${path}…`));
    const r = await this.ask(() => this.api.ask('blame', { path, at: Math.max(this.cursor, this.meta.firstSeq - 1) }));
    if (r) this.renderBlame(r);
    else el.replaceChildren(h('span', { class: 'violation' }, byId('status').textContent ?? ''));
  }

  private renderBlame(r: BlameView): void {
    const parts: Node[] = [h('div', { class: 'mono', id: 'blame-head' }, `${r.path} after seq ${r.at} = ${r.value}`)];
    const last = r.changes > r.entries.length ? `; the last ${r.entries.length}` : '';
    parts.push(r.changes === 0 ? h('div', { class: 'dim' }, 'never changed by an event: it is the initial value')
      : h('div', {}, `changed by ${r.changes} event(s)${last}:`));
    const ol = h('ol', { id: 'blame-entries' });
    const jump = (text: string, seq: number) => link(text, () => void this.seek(seq), { class: 'link mono' });
    for (const e of r.entries) {
      const li = h('li', { 'data-seq': e.seq }, jump(e.text, e.seq), h('div', { class: 'mono' }, e.change));
      if (e.command) li.append(h('div', {}, 'caused by ', jump(e.command.text, e.command.seq)));
      if (e.origin) li.append(h('div', {}, 'work submitted by ', jump(e.origin.text, e.origin.seq)));
      ol.append(li);
    }
    parts.push(ol);
    byId('blame').replaceChildren(...parts);
  }

  private renderViolations(): void {
    const m = this.meta;
    if (m.violations.length === 0) {
      byId('violation-list').replaceChildren(h('span', { class: 'dim' }, 'none'));
      return;
    }
    const rows = m.violations.map((v) =>
      h('tr', { 'data-rule': v.rule }, h('td', {}, link(String(v.seq), () => void this.seek(v.seq))),
        h('td', { class: 'mono' }, v.rule), h('td', {}, v.actor), h('td', {}, v.section), h('td', {}, v.message)));
    const head = h('tr', {}, ...['seq', 'rule', 'actor', 'section', 'message'].map((t) => h('th', {}, t)));
    const more = m.violationsComplete
      ? null
      : h('p', { class: 'dim' }, `the first ${m.violations.length} of ${m.violationCount}; [ and ] reach all`);
    byId('violation-list').replaceChildren(h('table', {}, head, ...rows), more ?? '');
  }

  private renderOverview(): void {
    const { firstSeq, lastSeq, violations } = this.meta;
    const span = Math.max(1, lastSeq - firstSeq + 1);
    const pct = (seq: number) => `${(((seq - firstSeq + 1) / span) * 100).toFixed(3)}%`;
    const marks = violations.map((v) =>
      h('div', { class: 'v', style: `left:${pct(v.seq)}`, title: `${v.rule} at seq ${v.seq}` }),
    );
    byId('overview').replaceChildren(...marks, h('div', { class: 'cur', style: `left:${pct(this.cursor)}` }));
  }
}

const KEYS: Record<string, string> = {
  ArrowLeft: 'prev',
  ArrowRight: 'next',
  '[': 'prev-violation',
  ']': 'next-violation',
  Home: 'home',
  End: 'end',
};
