/**
 * How fast the viewer opens and steps on a trace, in Debian's Chromium (playwright-core):
 *
 *   node dist/tools/view/measure.js <trace.vtrace> [steps=40]
 *
 * Prints: time to a usable page (server start, page load, first state and timeline), the latency
 * of a step (→: key press to the new state on screen), and of seeks across the trace (End, the
 * middle, back to the start). Used to check "a 1 M-event trace opens and steps instantly".
 */
import { basename } from 'node:path';
import { openTraceFile } from '../../src/trace/file.js';
import { startViewServer } from './server.js';

const [file, stepsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node dist/tools/view/measure.js <trace.vtrace> [steps]\n');
  process.exit(2);
}
const steps = Number(stepsArg ?? 40);
const { chromium } = await import('playwright-core');
const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const browser = await chromium.launch({ executablePath: process.env.VTWIN_CHROMIUM ?? '/usr/bin/chromium' });
// The page's CSP forbids eval; the string expressions below are this script's, not the page's.
const page = await browser.newPage({ bypassCSP: true });
const t0 = performance.now();
const server = await startViewServer(openTraceFile(file), basename(file));
await page.goto(server.url);
await page.waitForSelector('#event-line');
await page.waitForSelector('#timeline svg');
const open = ms(t0);
// Page-side expressions as strings: this file is compiled without the DOM library.
const seqNow = (): Promise<number> => page.evaluate<number>('Number(document.body.dataset.seq)');
async function timed(act: () => Promise<void>): Promise<number> {
  const before = await seqNow();
  const t = performance.now();
  await act();
  await page.waitForFunction(`Number(document.body.dataset.seq) !== ${before}`);
  return ms(t);
}
const stepTimes: number[] = [];
for (let i = 0; i < steps; i++) stepTimes.push(await timed(() => page.keyboard.press('ArrowRight')));
const back: number[] = [];
for (let i = 0; i < 10; i++) back.push(await timed(() => page.keyboard.press('ArrowLeft')));
const end = await timed(() => page.keyboard.press('End'));
const meta = await page.evaluate<string>("document.getElementById('last')?.textContent ?? ''");
const last = Number(/\.\.(\d+)/.exec(meta)?.[1] ?? 0);
const middle = await timed(async () => {
  await page.fill('#seq', String(Math.floor(last / 2)));
  await page.press('#seq', 'Enter');
});
const home = await timed(() => page.keyboard.press('Home'));
process.stdout.write(
  `${file}: ${last + 1} events\n` +
    `  open (server start to first state + timeline on screen): ${open} ms\n` +
    `  step → (${steps}): median ${pct(stepTimes, 0.5)} ms, p95 ${pct(stepTimes, 0.95)} ms\n` +
    `  step ← (10): median ${pct(back, 0.5)} ms, p95 ${pct(back, 0.95)} ms\n` +
    `  seek to the end ${end} ms, to the middle ${middle} ms, back to the start ${home} ms\n`,
);
await browser.close();
await server.close();
