/**
 * What the CLI tells users to type must work where they type it (README "CLI reference"): hints
 * say `npx vtwin` unless a `vtwin` is on the user's PATH, `run --record` says where the trace
 * went, and NO_COLOR turns colour off even on a terminal.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/cli.js';
import { captureIo, colorWanted } from '../../tools/io.js';
import { paint } from '../../tools/commands/report.js';
import { shellWord, vtwin as vtwinHint, vtwinCommand } from '../../tools/invocation.js';

let dir: string;
const SCENARIO = join(process.cwd(), 'scenarios', 'validation-order.json');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-hints-'));
  for (const d of ['global-bin', join('proj', 'node_modules', '.bin')]) {
    mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, d, 'vtwin'), '#!/bin/sh\n');
    chmodSync(join(dir, d, 'vtwin'), 0o755);
  }
  mkdirSync(join(dir, 'empty'));
});

describe('the vtwin command a hint shows', () => {
  it('is `vtwin` when one is on the PATH the user has', () => {
    expect(vtwinCommand({ PATH: [join(dir, 'empty'), join(dir, 'global-bin')].join(':') })).toBe('vtwin');
  });

  it('is `npx vtwin` when the only vtwin is in a node_modules/.bin that npm or npx put on PATH', () => {
    expect(vtwinCommand({ PATH: [join(dir, 'proj', 'node_modules', '.bin'), join(dir, 'empty')].join(':') }))
      .toBe('npx vtwin');
    expect(vtwinCommand({ PATH: join(dir, 'empty') })).toBe('npx vtwin');
    expect(vtwinCommand({})).toBe('npx vtwin');
  });

  it('quotes paths a shell would split', () => {
    expect(shellWord('out/rule/7.json')).toBe('out/rule/7.json');
    expect(shellWord("my runs/it's.json")).toBe(`'my runs/it'\\''s.json'`);
  });
});

describe('vtwin run --record', () => {
  it('says where it wrote the trace and how to replay it (on stderr: --json stays one document)', async () => {
    const io = captureIo(dir);
    expect(await main(['run', SCENARIO, '--record', 'my run.vtrace', '--json'], io)).toBe(0);
    const events = (JSON.parse(io.stdout) as { scenarios: { events: number }[] }).scenarios[0]!.events;
    expect(io.stderr).toBe(`vtwin: wrote my run.vtrace (${events} events); replay it: ` +
      `${vtwinHint()} replay 'my run.vtrace'\n`);
    expect(readFileSync(join(dir, 'my run.vtrace')).length).toBeGreaterThan(0);
  });
});

describe('NO_COLOR', () => {
  it('turns colour off on a terminal; CI does too; otherwise a terminal gets colour', () => {
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, { CI: 'true' })).toBe(false);
    expect(colorWanted(false, {})).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colorWanted(true, { NO_COLOR: '' })).toBe(true);
    const io = { ...captureIo(dir), isTty: true, color: false };
    expect(paint(io).ok('PASS')).toBe('PASS');
  });

  it('is honoured by the installed CLI on a real terminal (script(1) provides one)', () => {
    const cli = join(process.cwd(), 'dist', 'tools', 'vtwin.js');
    const onTty = (noColor: boolean) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.CI;
      delete env.NO_COLOR;
      if (noColor) env.NO_COLOR = '1';
      const r = spawnSync('script', ['-qec', `node ${cli} run ${SCENARIO}`, '/dev/null'], { env, encoding: 'utf8' });
      expect(r.error, 'script(1) from util-linux is needed for this test').toBeUndefined();
      expect(r.stdout).toContain('PASS');
      return r.stdout;
    };
    expect(onTty(false)).toContain('\x1b[32mPASS');
    expect(onTty(true)).not.toContain('\x1b[');
  });
});
