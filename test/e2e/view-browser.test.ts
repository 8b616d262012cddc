/**
 * `vtwin view` in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
 * browser). The page opens a recorded race, steps to its violation, shows the rule, section and
 * actor, the state tree with the paths the event changed, and a blame answer; it must log no
 * error and fetch nothing but its own server (or nothing at all, self-contained).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/file.js';
import { runScenario } from '../../src/scenario/runner.js';
import { memorySink } from '../../src/trace/memory.js';
import { createRecorder } from '../../src/trace/writer.js';
import { main } from '../../tools/cli.js';
import { bundledScenariosDir } from '../../tools/commands/main.js';
import { captureIo } from '../../tools/io.js';
import { startViewServer, type ViewServer } from '../../tools/view/server.js';
import { open } from '../unit/trace/helpers.js';

const CHROMIUM = process.env.VTWIN_CHROMIUM ?? '/usr/bin/chromium';
const RULE = 'driver.aq.member-stable-while-outstanding';
const dir = mkdtempSync(join(tmpdir(), 'vtwin-view-'));
const tracePath = join(dir, 'race.vtrace');
let browser: Browser;
let server: ViewServer;

/** A VF destroyed and re-created while a command to it is queued: the driver rule fires at seq 4. */
function recordRace(): Uint8Array {
  const sc = loadScenario(join(bundledScenariosDir(), 'vf-destroyed-mid-command-apply.json'));
  const sink = memorySink();
  const rec = createRecorder(sink, { config: sc.device, seed: sc.seed, producer: 'view test' });
  runScenario(sc, { observers: [rec], snapshots: false });
  rec.finish();
  return sink.bytes();
}

/** Console errors, page errors, and requests that leave the page's own origin. */
function watch(page: Page, allowed: (url: string) => boolean): { errors: string[]; foreign: string[] } {
  const seen = { errors: [] as string[], foreign: [] as string[] };
  page.on('console', (m) => void (m.type() === 'error' && seen.errors.push(m.text())));
  page.on('pageerror', (e) => void seen.errors.push(e.message));
  page.on('request', (r) => void (allowed(r.url()) || seen.foreign.push(r.url())));
  return seen;
}

/** Wait until the page's cursor (body[data-seq]) is at `seq`. */
const seqIs = (page: Page, seq: number) => expect.poll(() => page.getAttribute('body', 'data-seq')).toBe(String(seq));

/** The walk every page must support: violation, state tree, blame, stepping. */
async function walk(page: Page): Promise<void> {
  await page.waitForSelector('#event-line');
  expect(await page.textContent('#info')).toContain('2 violation(s)');
  await page.keyboard.press(']');
  await seqIs(page, 4);
  const v = page.locator(`#event .violation[data-rule="${RULE}"]`);
  expect(await v.textContent()).toMatch(
    /by pf-driver — virtio 1\.4 §2\.12\.1 .*SR-IOV disabled with commands outstanding: w1 \(VF 2\)/,
  );
  // The state tree after the disable: the changed paths are highlighted and hold the new values.
  const numVFs = page.locator('#tree li[data-path="sriov.numVFs"]');
  expect(await numVFs.getAttribute('class')).toBe('changed');
  expect(await numVFs.locator('.val').textContent()).toBe('0');
  expect(await page.locator('#tree li[data-path="fns[2].life.alive"] .val').textContent()).toBe('false');
  // Blame on a value: the events that set it, back to their commands.
  await numVFs.locator('.val').click();
  await page.waitForSelector('#blame-entries li');
  const entries = await page.locator('#blame-entries > li').allTextContents();
  expect(entries).toHaveLength(2);
  expect(entries[0]).toMatch(/sriov\/enabled .*0 → 4caused by command 0: sriov\.enable numVFs=4/);
  expect(entries[1]).toMatch(/sriov\/disabled .*4 → 0caused by command 2: sriov\.disable/);
  // Step keys and jumps.
  await page.keyboard.press('ArrowRight');
  await seqIs(page, 5);
  expect(await page.locator(`#event .violation[data-rule="${RULE}"]`).count()).toBe(1);
  await page.keyboard.press('ArrowLeft');
  await seqIs(page, 4);
  await page.keyboard.press('Shift+ArrowRight');
  await seqIs(page, 5);
  await page.keyboard.press('[');
  await seqIs(page, 4);
  // The timeline marks both violations and steps where an event is clicked.
  expect(await page.locator('#timeline circle.viol').count()).toBe(2);
  await page.locator('#timeline circle.ev[data-seq="2"]').click();
  await seqIs(page, 2);
  expect(await page.getAttribute('#event-line', 'data-type')).toBe('aq/submitted');
  // An admin command's value blamed back to its submission, through the device work that set it.
  await page.keyboard.press('End');
  await seqIs(page, 15);
  await page.locator('#tree li[data-path="aq.nextCid"] .val').click();
  await expect.poll(() => page.textContent('#blame-head')).toMatch(/^aq\.nextCid /);
  expect(await page.textContent('#blame')).toMatch(/aq\/submitted .*0 → 1caused by command 1: aq\.submit tag=w1/);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the viewer tests need Chromium at ${CHROMIUM} ` +
        '(Debian package "chromium": apt-get install -y chromium; .ci/run installs it)',
    );
  }
  const bytes = recordRace();
  writeFileSync(tracePath, bytes);
  server = await startViewServer(open(bytes, 'race.vtrace'), 'race.vtrace');
  browser = await chromium.launch({ executablePath: CHROMIUM });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('vtwin view in Chromium', () => {
  it('served: steps to the race, shows violation, changed state and blame; no error, no foreign fetch', async () => {
    const page = await browser.newPage();
    const seen = watch(page, (u) => u.startsWith(server.url));
    await page.goto(server.url);
    await walk(page);
    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await page.close();
  });

  it('self-contained (--out): the same page, offline, reading the trace embedded in it', async () => {
    const io = captureIo(dir);
    expect(await main(['view', 'race.vtrace', '--out', 'race.html'], io)).toBe(0);
    expect(io.stderr).toMatch(/wrote race\.html \(16 events/);
    const page = await browser.newPage();
    const seen = watch(page, (u) => u.startsWith('file:') || u.startsWith('data:'));
    await page.goto(`file://${join(dir, 'race.html')}`);
    await walk(page);
    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await page.close();
  });

  it('the error watch itself catches a console error and an uncaught exception', async () => {
    const page = await browser.newPage();
    const seen = watch(page, () => true);
    await page.goto(server.url);
    await page.waitForSelector('#event-line');
    await page.evaluate(() => {
      console.error('deliberate');
      setTimeout(() => {
        throw new Error('deliberate throw');
      });
    });
    await page.waitForFunction(() => true);
    await expect.poll(() => seen.errors.length).toBe(2);
    await page.close();
  });
});
