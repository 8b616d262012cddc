/**
 * `vtwin check` on a recorded scenario (README "CLI reference"): the trace keeps the rules the
 * scenario expects to fire, and check reports expected and unexpected violations apart, failing
 * (exit 1) only on unexpected ones, as `vtwin run` judged the same run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTraceFile } from '../../src/trace/file.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

let dir: string;
const SCENARIO = join(process.cwd(), 'scenarios', 'validation-order.json');

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-check-expected-'));
  // The same scenario with one of its `expect: violation` steps removed: that rule is now unexpected.
  const sc = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { steps: { expect?: string; rule?: string }[] };
  const dropped = sc.steps.filter((s) => s.expect === 'violation')[0]!.rule!;
  sc.steps = sc.steps.filter((s) => !(s.expect === 'violation' && s.rule === dropped));
  writeFileSync(join(dir, 'undocumented.json'), JSON.stringify({ ...sc, name: 'undocumented' }));
});

describe('vtwin check on a recorded scenario', () => {
  it('exits 0 when every violation is one the scenario expects (it used to exit 1), listing them apart', async () => {
    const run = await vtwin('run', SCENARIO, '--record', 'ok.vtrace');
    expect(run.code).toBe(0);
    const header = openTraceFile(join(dir, 'ok.vtrace'));
    const recorded = header.header.expectedRules;
    header.close();
    const named = (JSON.parse(readFileSync(SCENARIO, 'utf8')) as { steps: { expect?: string; rule?: string }[] })
      .steps.filter((s) => s.expect === 'violation').map((s) => s.rule!);
    expect(named.length).toBeGreaterThan(0);
    expect(recorded).toEqual([...new Set(named)].sort());

    const r = await vtwin('check', 'ok.vtrace');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n {2}0 unexpected violation\(s\), [1-9]\d* expected \(the recorded scenario expects /);
    expect(r.out).toMatch(/\n {2}expected: seq \d+: /);
    const j = JSON.parse((await vtwin('check', 'ok.vtrace', '--json')).out) as { expectedRules: string[];
      expected: { rule: string }[]; unexpected: unknown[]; violations: unknown[] };
    expect(j.expectedRules).toEqual(recorded);
    expect(j.unexpected).toEqual([]);
    expect(j.expected.length).toBe(j.violations.length);
    for (const v of j.expected) expect(recorded).toContain(v.rule);
  });

  it('exits 1 on a violation the scenario does not expect, as `run` does, and names it', async () => {
    const run = await vtwin('run', 'undocumented.json', '--record', 'bad.vtrace');
    expect(run.code).toBe(1);
    const r = await vtwin('check', 'bad.vtrace', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { unexpected: { rule: string }[]; expected: { rule: string }[] };
    expect(j.unexpected.length).toBeGreaterThan(0);
    const h = await vtwin('check', 'bad.vtrace');
    expect(h.out).toMatch(new RegExp(`\\n {2}seq \\d+: ${j.unexpected[0]!.rule.replaceAll('.', '\\.')} `));
  });

  it('a trace that records no expectations (a library or fuzz recording) counts every violation', async () => {
    const trace = join(process.cwd(), 'traces', 'regressions', '0001-aq-reorder.vtrace');
    const r = await vtwin('check', trace, '--json');
    const j = JSON.parse(r.out) as { expectedRules: null; unexpected: unknown[]; violations: unknown[] };
    expect(j.expectedRules).toBeNull();
    expect(j.unexpected).toEqual(j.violations);
    expect(r.code).toBe(j.violations.length > 0 ? 1 : 0);
  });
});
