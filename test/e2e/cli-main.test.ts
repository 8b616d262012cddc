/** `vtwin main` (npm start): the bundled scenarios, record + replay of each, a short fuzz campaign, a summary. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../tools/cli.js';
import { mainCommand, PHASES, scenariosPhase, type Phase } from '../../tools/commands/main.js';
import { recordReplayPhase } from '../../tools/commands/traceRecord.js';
import { captureIo } from '../../tools/io.js';

const root = join(import.meta.dirname, '..', '..');

describe('vtwin main', () => {
  it('runs every bundled scenario, records and replays each, then prints a summary, and exits 0', async () => {
    const io = captureIo(root);
    expect(await mainCommand({}, io, [scenariosPhase, recordReplayPhase])).toBe(0);
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('== scenarios');
    expect(lines.filter((l) => l.startsWith('PASS  ')).length).toBeGreaterThanOrEqual(15);
    expect(lines.at(-3)).toBe('== summary');
    expect(lines.at(-2)).toMatch(/^ok {4}scenarios {6}\d+ scenarios: \d+ passed, 0 failed$/);
    expect(lines.at(-1)).toMatch(/^ok {4}record\+replay {2}\d+ scenarios recorded .* \d+ consistent, 0 diverged$/);
  });

  it('--json gives one document with every phase, the fuzz campaign included', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'tools', 'vtwin.js'), 'main', '--json'],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { passed: boolean;
      phases: { name: string; ok: boolean; scenarios?: { passed: boolean }[];
      fuzz?: { findings: unknown[]; escaped: string[] } }[] };
    expect(doc.passed).toBe(true);
    expect(doc.phases.map((p) => p.name)).toEqual(PHASES.map((p) => p.name));
    expect(doc.phases[0]!.scenarios!.every((s) => s.passed)).toBe(true);
    expect(doc.phases[2]!.fuzz).toMatchObject({ findings: [], escaped: [] });
    // The whole main job (~15 s alone) shares the machine with the rest of the suite here.
  }, 240_000);

  it('exits 1 when a scenario in --dir fails, and 2 when one is malformed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-main-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify(
      { name: 'f', steps: [{ expect: 'state', path: 'sriov.numVFs', equals: 1 }] }));
    const io = captureIo(dir);
    expect(await mainCommand({ dir: '.' }, io, [scenariosPhase])).toBe(1);
    expect(io.stdout).toMatch(/FAIL {2}scenarios {2}1 scenario: 0 passed, 1 failed\n$/);
    writeFileSync(join(dir, 'g.json'), '{"name": "g", "steps": [{"op": "nope"}]}');
    const io2 = captureIo(dir);
    expect(await main(['main', '--dir', '.'], io2)).toBe(2);
    expect(io2.stderr).toMatch(/^vtwin: g\.json: steps\[0\]\.op: a known op, closest: .*\n$/);
  });

  it('runs phases in order and fails the job when any phase fails', async () => {
    const order: string[] = [];
    const phase = (name: string, ok: boolean): Phase => (
      { name, run: () => (order.push(name), { ok, summary: `${name} done` }) });
    const io = captureIo(root);
    expect(await mainCommand({}, io, [phase('one', true), phase('two', false)])).toBe(1);
    expect(order).toEqual(['one', 'two']);
    expect(io.stdout).toContain('ok    one  one done\nFAIL  two  two done\n');
  });

  it('is what `npm start` runs (built CLI, separate process)', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'tools', 'vtwin.js'), 'main'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(0);
    const summary = [/== summary\nok {4}scenarios .*\nok {4}record\+replay .*\n/,
      /ok {4}fuzz +\d+ spec runs .*: 0 findings; mutation score (\d+)\/\1 profiles caught/];
    expect(r.stdout).toMatch(new RegExp(summary.map((p) => p.source).join('')));
  });
});
