/** `vtwin main` (npm start): the bundled scenarios as the first phase, then a summary. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../tools/cli.js';
import { mainCommand, PHASES, type Phase } from '../../tools/commands/main.js';
import { captureIo } from '../../tools/io.js';

const root = join(import.meta.dirname, '..', '..');

describe('vtwin main', () => {
  it('runs every bundled scenario, then prints a summary, and exits 0', async () => {
    const io = captureIo(root);
    expect(await main(['main'], io)).toBe(0);
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('== scenarios');
    expect(lines.filter((l) => l.startsWith('PASS  ')).length).toBeGreaterThanOrEqual(15);
    expect(lines.at(-2)).toBe('== summary');
    expect(lines.at(-1)).toMatch(/^ok {4}scenarios {2}\d+ scenarios: \d+ passed, 0 failed$/);
  });

  it('--json gives one document with every phase', async () => {
    const io = captureIo(root);
    expect(await main(['main', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.stdout) as { passed: boolean; phases: { name: string; ok: boolean; scenarios: { passed: boolean }[] }[] };
    expect(doc.passed).toBe(true);
    expect(doc.phases.map((p) => p.name)).toEqual(PHASES.map((p) => p.name));
    expect(doc.phases[0]!.scenarios.every((s) => s.passed)).toBe(true);
  });

  it('exits 1 when a scenario in --dir fails, and 2 when one is malformed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-main-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ name: 'f', steps: [{ expect: 'state', path: 'sriov.numVFs', equals: 1 }] }));
    const io = captureIo(dir);
    expect(await main(['main', '--dir', '.'], io)).toBe(1);
    expect(io.stdout).toMatch(/FAIL {2}scenarios {2}1 scenario: 0 passed, 1 failed\n$/);
    writeFileSync(join(dir, 'g.json'), '{"name": "g", "steps": [{"op": "nope"}]}');
    const io2 = captureIo(dir);
    expect(await main(['main', '--dir', '.'], io2)).toBe(2);
    expect(io2.stderr).toMatch(/^vtwin: g\.json: steps\[0\]\.op: a known op, one of: .*\n$/);
  });

  it('runs phases in order and fails the job when any phase fails', async () => {
    const order: string[] = [];
    const phase = (name: string, ok: boolean): Phase => ({ name, run: () => (order.push(name), { ok, summary: `${name} done` }) });
    const io = captureIo(root);
    expect(await mainCommand({}, io, [phase('one', true), phase('two', false)])).toBe(1);
    expect(order).toEqual(['one', 'two']);
    expect(io.stdout).toContain('ok    one  one done\nFAIL  two  two done\n');
  });

  it.skipIf(!existsSync(join(root, 'dist', 'tools', 'vtwin.js')))('is what `npm start` runs (built CLI, separate process)', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'tools', 'vtwin.js'), 'main'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/== summary\nok {4}scenarios/);
  });
});
