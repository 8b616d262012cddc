/**
 * `vtwin run` in-process (README "CLI reference"): JSON shape, human output, exit codes 0 / 1 / 2.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/domain/events.js';
import { main } from '../../tools/cli.js';
import { runCommand, type RecorderFactory } from '../../tools/commands/run.js';
import { captureIo } from '../../tools/io.js';

let dir: string;
const write = (name: string, doc: unknown) => {
  writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return name;
};
const passing = { name: 'passing', steps: [{ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY', group: 'SELF' } },
  { op: 'settle' }, { expect: 'completion', tag: 'q', status: 'OK' }] };
const failing = { name: 'failing', steps: [{ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } },
  { op: 'settle' }, { expect: 'completion', tag: 'q', status: 'EINVAL' }] };
const violating = { name: 'violating', device: { profile: 'aq-reorder' },
  steps: [{ op: 'aq.submit', tag: 'a', cmd: { opcode: 'LIST_QUERY' } },
  { op: 'aq.submit', tag: 'b', cmd: { opcode: 'LIST_QUERY' } }, { op: 'pin', order: ['b', 'a'] }, { op: 'settle' }] };

const refused = { name: 'refused', device: { totalVFs: 2 }, steps: [{ op: 'sriov.enable', numVFs: 3 }] };

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-run-'));
  write('passing.json', passing);
  write('failing.json', failing);
  write('violating.json', violating);
  write('refused.json', refused);
});

describe('vtwin run: exit codes', () => {
  it('exits 0 when every scenario passes, with one PASS line each', async () => {
    const r = await vtwin('run', 'passing.json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PASS {2}passing {2}\d+ events, 0 violations\n$/);
    expect(r.err).toBe('');
  });

  it('exits 1 when an expectation fails, printing the failure beneath the scenario', async () => {
    const r = await vtwin('run', 'passing.json', 'failing.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL {2}failing {2}\d+ events, 0 violations\n {6}steps\[2\] completion q: expected status EINVAL, got OK\n/);
    expect(r.out).toMatch(/2 scenarios: 1 passed, 1 failed\n$/);
  });

  it('exits 1 on a violation the scenario does not expect', async () => {
    const r = await vtwin('run', 'violating.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/unexpected violation device\.aq\.fifo-per-queue at seq \d+ \(device\)/);
  });

  it('exits 1 on a refused step the scenario does not expect, saying so beneath the scenario', async () => {
    const r = await vtwin('run', 'refused.json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('FAIL  refused  1 event, 0 violations, 1 refusal\n' +
      '      steps[0] sriov.enable refused with ERANGE (numVFs 3 > TotalVFs 2); the scenario does not expect it ' +
      '(add { "expect": "refused", "errno": "ERANGE" } after the step if it should be refused)\n' +
      '      refused.json (seed 0, profile spec)\n');
    const doc = JSON.parse((await vtwin('run', '--json', 'refused.json')).out) as { scenarios: Record<string,
      unknown>[] };
    expect(doc.scenarios[0]!.refusals).toEqual([{ step: 0, op: 'sriov.enable', errno: 'ERANGE',
      reason: 'numVFs 3 > TotalVFs 2', expected: false }]);
  });

  it('exits 2 on a malformed scenario with one line on stderr, no stack, and runs nothing', async () => {
    write('bad.json', { name: 'bad', steps: [
      { op: 'aq.submit', tag: 'x', cmd: { opcode: 'LIST_QUERY', member: 'one' } }] });
    const r = await vtwin('run', 'passing.json', 'bad.json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('vtwin: bad.json: steps[0].cmd.member: expected a number, got string\n');
  });

  it('exits 2 on a JSON syntax error, naming line and column', async () => {
    write('syntax.json', '{\n  "name": "s",\n  "steps": [}\n');
    const r = await vtwin('run', 'syntax.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vtwin: syntax\.json:3:13: invalid JSON: .*\n$/);
  });

  it('exits 2 on an impossible device config', async () => {
    write('vfs.json', { name: 'v', device: { totalVFs: 100000 }, steps: [{ op: 'settle' }] });
    const r = await vtwin('run', 'vfs.json');
    expect([r.code, r.err]).toEqual([2, 'vtwin: vfs.json: device.totalVFs: at most 65535\n']);
  });

  it('exits 2 for a missing file, an unknown option and a bad --seed', async () => {
    expect(await vtwin('run', 'nope.json')).toMatchObject(
      { code: 2, err: 'vtwin: nope.json: no such file or directory\n' });
    expect((await vtwin('run', '--frobnicate', 'passing.json')).code).toBe(2);
    expect(await vtwin('run', '--seed', 'x', 'passing.json')).toMatchObject(
      { code: 2, err: 'vtwin: --seed: expected an integer in 0..4294967295, got "x"\n' });
    expect((await vtwin('run')).code).toBe(2);
  });
});

describe('vtwin run --json (README "CLI reference")', () => {
  it('prints one JSON document with the contract fields', async () => {
    const r = await vtwin('run', '--json', 'passing.json', 'violating.json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { scenarios: Record<string, unknown>[] };
    expect(doc.scenarios.map((s) => [s.name, s.passed])).toEqual([['passing', true], ['violating', false]]);
    const [ok, bad] = doc.scenarios as [Record<string, unknown>, Record<string, unknown>];
    for (const k of ['name', 'passed', 'events', 'stateHash', 'completions', 'violations', 'interrupts',
      'expectations']) expect(ok).toHaveProperty(k);
    expect(ok.completions).toEqual([{ tag: 'q', opcode: 'LIST_QUERY', member: 0, queue: 0, status: 'OK',
      qualifier: 'OK', result: '0300000000000000', usedLen: 16, resultBeyond: '', driverResult: '0300000000000000',
      driver: 'OK' }]);
    expect(ok.expectations).toEqual({ passed: 1, failed: 0 });
    expect(ok.stateHash).toMatch(/^[0-9a-f]{16}$/);
    // The PF starts as Linux's probe leaves it (EACH): the completion is a message on the admin queue's vector.
    expect(ok.interrupts).toEqual([{ fn: 0, vector: 3, delivered: 1, pending: false }]);
    expect(bad.violations).toEqual([{ rule: 'device.aq.fifo-per-queue', seq: expect.any(Number), actor: 'device',
      message: expect.any(String) }]);
  });

  it('runs every scenario file of a directory, in name order', async () => {
    const sub = mkdtempSync(join(dir, 'set-'));
    writeFileSync(join(sub, 'b.yaml'), 'name: second\nsteps: [{op: settle}]\n');
    writeFileSync(join(sub, 'a.json'), JSON.stringify({ name: 'first', steps: [{ op: 'settle' }] }));
    writeFileSync(join(sub, 'notes.txt'), 'not a scenario');
    const r = await vtwin('run', '--json', sub);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name)).toEqual(
      ['first', 'second']);
  });
});

describe('vtwin run: human output', () => {
  it('uses colour only on a TTY', async () => {
    const tty = captureIo(dir);
    tty.isTty = true;
    await main(['run', 'passing.json'], tty);
    expect(tty.stdout).toContain('\x1b[32mPASS\x1b[0m');
    expect((await vtwin('run', 'passing.json')).out).not.toContain('\x1b[');
  });
});

describe('vtwin run --record', () => {
  it('records a trace file that replays', async () => {
    expect(await vtwin('run', '--record', 'out.vtrace', 'passing.json')).toMatchObject({ code: 0 });
    expect(await vtwin('replay', 'out.vtrace', '--mode', 'reexec')).toMatchObject({ code: 0 });
  });

  it('takes exactly one scenario', async () => {
    expect(await vtwin('run', '--record', 'out.vtrace', 'passing.json', 'failing.json')).toMatchObject(
      { code: 2, err: 'vtwin: --record takes exactly one scenario, got 2\n' });
  });

  it('hands a plugged-in recorder every event, then the result', async () => {
    const seen: { path?: string; seed?: number; events: Event[]; finished?: boolean } = { events: [] };
    const plugged: RecorderFactory = (path, run) => {
      seen.path = path;
      seen.seed = run.seed;
      return { observer: { onEvent: (e) => void seen.events.push(e) }, finish: (r) => void (seen.finished = r.passed) };
    };
    const io = captureIo(dir);
    const code = await runCommand(['passing.json'], { json: true, record: 'other.vtrace', seed: '42' }, io, plugged);
    expect(code).toBe(0);
    expect([seen.path, seen.seed]).toEqual([join(dir, 'other.vtrace'), 42]);
    expect(existsSync(join(dir, 'other.vtrace'))).toBe(false);
    expect(seen.events).toHaveLength((JSON.parse(io.stdout) as { scenarios: { events: number }[] }).scenarios[
      0]!.events);
    expect(seen.finished).toBe(true);
  });
});
