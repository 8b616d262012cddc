/**
 * The timeline panel: one row per track (each function, each admin queue, the device core), the
 * events of a window of seqs as dots, admin commands as bars on their queue (red: still outstanding
 * where the window ends), violations and settle points as vertical marks, the cursor as a line.
 */
import type { Span, WindowResult } from '../types.js';
import { s } from './dom.js';

const LABEL_W = 116;
const COL = 12;
const ROW = 18;
const LANE = 8;

function trackOrder(key: string): number {
  const [kind, n] = key.split(':');
  const i = Number(n ?? 0);
  if (kind === 'core') return 0;
  if (kind === 'q') return 1_000 + i;
  if (kind === 'fn') return 100_000 + i;
  return 1_000_000;
}

function trackLabel(key: string): string {
  const [kind, n] = key.split(':');
  if (kind === 'core') return 'device core';
  if (kind === 'q') return `admin queue ${n}`;
  if (kind === 'fn') return n === '0' ? 'PF (fn 0)' : `VF ${n}`;
  return 'virtio-mmio';
}

/** Spans in lanes, so commands outstanding together stack instead of overlapping. */
function lanes(spans: readonly Span[], end: number): Map<Span, number> {
  const out = new Map<Span, number>();
  const busyUntil: number[] = [];
  for (const sp of spans) {
    const stop = sp.to ?? end + 1;
    let lane = busyUntil.findIndex((u) => u < sp.from);
    if (lane < 0) lane = busyUntil.length;
    busyUntil[lane] = stop;
    out.set(sp, lane);
  }
  return out;
}

export function renderTimeline(el: HTMLElement, win: WindowResult, cursor: number, seek: (seq: number) => void): void {
  const x = (seq: number): number => LABEL_W + (seq - win.from) * COL + COL / 2;
  const keys = new Set<string>(['core']);
  for (const e of win.entries) if (e.kind === 'event') keys.add(e.track);
  for (const sp of win.spans) keys.add(`q:${sp.q}`);
  const tracks = [...keys].sort((a, b) => trackOrder(a) - trackOrder(b));
  const laneOf = lanes(win.spans, win.to);
  const rows = new Map<string, { y: number; h: number }>();
  let y = 2 * ROW;
  for (const t of tracks) {
    const n = t.startsWith('q:')
      ? Math.max(0, ...win.spans.filter((sp) => `q:${sp.q}` === t).map((sp) => laneOf.get(sp)! + 1))
      : 0;
    const hgt = Math.max(ROW, n * LANE + 6);
    rows.set(t, { y, h: hgt });
    y += hgt;
  }
  const width = LABEL_W + (win.to - win.from + 1) * COL + 20;
  const height = y + ROW;
  const svg = s('svg', { width, height, role: 'img', 'aria-label': 'timeline' });
  const label = (text: string, ty: number) => s('text', { x: 4, y: ty + 12 }, text);
  const line = (ly: number) => s('line', { class: 'row', x1: 0, x2: width, y1: ly, y2: ly });
  svg.append(label('violations', 0), line(ROW), label('commands', ROW), line(2 * ROW));
  for (const t of tracks) {
    const r = rows.get(t)!;
    svg.append(label(trackLabel(t), r.y), line(r.y + r.h));
  }
  for (const sp of win.spans) {
    const r = rows.get(`q:${sp.q}`)!;
    const from = Math.max(sp.from, win.from);
    const to = sp.to ?? win.to + 1;
    const rect = s(
      'rect',
      {
        class: sp.to === null ? 'span open' : 'span',
        x: x(from) - COL / 2,
        y: r.y + 3 + laneOf.get(sp)! * LANE,
        width: Math.max(2, (to - from) * COL),
        height: LANE - 2,
      },
      s(
        'title',
        {},
        `${sp.label} (cid ${sp.cid}) ${sp.to === null ? 'still outstanding' : `seq ${sp.from}..${sp.to}`}`,
      ),
    );
    svg.append(rect);
  }
  const mark = (cls: string, cx: number, cy: number, title: string, seq: number, size = 4) => {
    const c = s('circle', { class: cls, cx, cy, r: size, 'data-seq': seq }, s('title', {}, title));
    c.addEventListener('click', () => seek(seq));
    return c;
  };
  for (const e of win.entries) {
    if (e.kind === 'event') {
      const r = rows.get(e.track)!;
      svg.append(mark('ev', x(e.seq), r.y + r.h / 2, e.text, e.seq, 3.5));
    } else if (e.kind === 'command') {
      svg.append(
        mark('cmd', x(e.seq) - COL / 2, ROW + ROW / 2, `command ${e.index}: ${e.text}`, Math.min(e.seq, win.to), 3),
      );
    } else if (e.kind === 'violation') {
      svg.append(s('line', { class: 'vline', x1: x(e.seq), x2: x(e.seq), y1: ROW, y2: y }));
      svg.append(mark('viol', x(e.seq), ROW / 2, `${e.rule} (${e.actor}): ${e.message}`, e.seq, 5));
    } else {
      svg.append(
        s(
          'line',
          { class: 'settle', x1: x(e.seq) + COL / 2, x2: x(e.seq) + COL / 2, y1: 0, y2: y },
          s('title', {}, `settled after seq ${e.seq}`),
        ),
      );
    }
  }
  for (let q = Math.ceil(win.from / 10) * 10; q <= win.to; q += 10)
    svg.append(s('text', { x: x(q) - 6, y: y + 12 }, String(q)));
  if (cursor >= win.from && cursor <= win.to)
    svg.append(s('line', { class: 'cursor', x1: x(cursor), x2: x(cursor), y1: 0, y2: y }));
  el.replaceChildren(svg);
}
