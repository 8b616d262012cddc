/**
 * `vtwin ingest` on the captures in test/fixtures/captures (README "Captured traces";
 * docs/capture-format.md): each conforming capture is consistent, each tampered copy yields exactly
 * the divergence its description in test/fixtures/captures/README.md names (line, what, observed,
 * expected, rule, actor), through the CLI as a user runs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/domain/profiles.js';
import type { IngestReport } from '../../src/ingest/ingest.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'captures');

async function ingestJson(...argv: string[]): Promise<{ code: number; report: IngestReport; err: string }> {
  const io = captureIo(dir);
  const code = await main(['ingest', ...argv, '--json'], io);
  return { code, report: JSON.parse(io.stdout) as IngestReport, err: io.stderr };
}

describe('conforming captures are consistent with the spec twin (exit 0)', () => {
  it.each([
    ['legacy-net-bringup.log', 44],
    ['legacy-net-bringup.ts.log', 44],
    ['legacy-net-bringup.iso.log', 44],
    ['msix-mask-unmask.log', 42],
    ['pf-sriov-enable.log', 1],
    ['admin-bringup.jsonl', 16],
  ])('%s: consistent, %i observations compared', async (file, observations) => {
    const { code, report } = await ingestJson(file);
    expect(report.divergences).toEqual([]);
    expect([code, report.verdict, report.profile, report.observations]).toEqual([
      0,
      'consistent',
      'spec',
      observations,
    ]);
    expect(report.used + Object.values(report.ignored).reduce((a, b) => a + b, 0)).toBe(report.lines);
  });
});

describe('tampered copies yield the divergence the device (or host) caused (exit 1)', () => {
  it('status-not-read-back.log: the ACKNOWLEDGE written at line 19 reads back 0 at line 20 (§2.1)', async () => {
    const { code, report } = await ingestJson('status-not-read-back.log');
    expect(code).toBe(1);
    expect(report.divergences).toHaveLength(1);
    expect(report.divergences[0]).toMatchObject({
      line: 20,
      fn: 'vf1',
      what: 'VF 1 read of device status (BAR0 +0x12, 1 byte)',
      observed: '0x0',
      expected: '0x1',
      rule: 'device.legacy.read-matches-register',
      actor: 'device',
    });
  });

  it('isr-not-cleared.log: an ISR bit that survives the reset (line 97), then survives reads (104, 110)', async () => {
    const { code, report } = await ingestJson('isr-not-cleared.log');
    expect(code).toBe(1);
    const got = report.divergences.map((d) => [d.line, d.observed, d.expected, d.rule, d.actor]);
    expect(got).toEqual([
      [97, '0x2', '0x0', 'device.legacy.reset-clears', 'device'],
      [104, '0x2', '0x0', 'device.legacy.isr-read-clears', 'device'],
      [110, '0x2', '0x0', 'device.legacy.isr-read-clears', 'device'],
    ]);
    expect(report.divergences[1]!.what).toBe('VF 1 read of ISR status (BAR0 +0x13, 1 byte)');
  });

  it('interrupt-while-masked.log: a message at line 80 on the entry masked at line 79 (actor host)', async () => {
    const { code, report } = await ingestJson('interrupt-while-masked.log');
    expect(code).toBe(1);
    expect(report.divergences).toEqual([
      expect.objectContaining({
        line: 80,
        fn: 'vf1',
        what: 'VF 1 interrupt on vector 1',
        observed: 'a message on vector 1',
        expected: 'the pending bit of vector 1 set (entry or function masked)',
        rule: 'device.msix.masked-never-delivered',
        actor: 'host',
      }),
    ]);
  });

  it('completion-out-of-order.jsonl: id 3 completes at line 15 before id 2; line 16 is then consistent', async () => {
    const { code, report } = await ingestJson('completion-out-of-order.jsonl');
    expect(code).toBe(1);
    expect(report.divergences).toEqual([
      expect.objectContaining({
        line: 15,
        what: 'admin command 3 completed on queue 0',
        observed: '3 completes while command 2 (submitted at line 13) is still outstanding',
        expected: 'command 2 (submitted at line 13) completes first (FIFO within one admin queue)',
        rule: 'device.aq.fifo-per-queue',
        actor: 'device',
      }),
    ]);
  });

  it('isr-survives-read.jsonl: the second ISR read (line 45) still returns the bit the first returned', async () => {
    const { code, report } = await ingestJson('isr-survives-read.jsonl');
    expect(code).toBe(1);
    expect(report.divergences).toEqual([
      expect.objectContaining({
        line: 45,
        fn: 'vf1',
        observed: 'OK/OK, result 02, used 9',
        expected: 'OK/OK, result 00, used 9',
        rule: 'device.legacy.isr-read-clears',
        actor: 'device',
      }),
    ]);
  });
});

describe('--profile auto ranks every built-in profile by divergences', () => {
  it('a capture whose ISR survives reads is explained best by isr-survives-read', async () => {
    const { code, report } = await ingestJson('isr-survives-read.jsonl', '--profile', 'auto');
    expect([code, report.profile, report.verdict]).toEqual([0, 'isr-survives-read', 'consistent']);
    expect(report.ranking![0]).toEqual({ profile: 'isr-survives-read', divergences: 0 });
    expect(report.ranking!.find((r) => r.profile === 'spec')).toEqual({ profile: 'spec', divergences: 1 });
  });

  it('a completion out of FIFO order is explained best by aq-reorder, and every profile is ranked', async () => {
    const { report } = await ingestJson('completion-out-of-order.jsonl', '--profile', 'auto');
    expect(report.profile).toBe('aq-reorder');
    expect(report.ranking!.map((r) => r.divergences)).toEqual(
      [...report.ranking!.map((r) => r.divergences)].sort((a, b) => a - b),
    );
    // Every built-in profile once, spec among them: the registry is the list, not a count.
    expect(report.ranking!.map((r) => r.profile).sort()).toEqual(PROFILES.map((p) => p.name).sort());
  });

  it('the report is the one the winning profile gives when named (its ranking run is reused)', async () => {
    for (const file of ['completion-out-of-order.jsonl', 'isr-survives-read.jsonl']) {
      const auto = (await ingestJson(file, '--profile', 'auto')).report;
      const named = (await ingestJson(file, '--profile', auto.profile)).report;
      const { ranking, ...rest } = auto;
      expect(ranking).toHaveLength(PROFILES.length);
      expect(rest).toEqual(named);
    }
  });

  it("on a conforming capture the spec profile ranks first (ties keep the profiles' order)", async () => {
    const { report } = await ingestJson('legacy-net-bringup.log', '--profile', 'auto');
    expect(report.ranking![0]).toEqual({ profile: 'spec', divergences: 0 });
  });
});

describe('timestamps are informative: logs with and without them give the same verdict', () => {
  const strip = (text: string) =>
    text
      .split('\n')
      .map((l) => l.replace(/^\d+@\d+\.\d{6}:/, '').replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''))
      .join('\n');

  it('legacy-net-bringup: no prefix, <tid>@<sec>.<usec>: and ISO instants give one report', async () => {
    const reports = await Promise.all(
      ['legacy-net-bringup.log', 'legacy-net-bringup.ts.log', 'legacy-net-bringup.iso.log'].map((f) => ingestJson(f)),
    );
    const { capture: _c, ...first } = reports[0]!.report;
    for (const r of reports) expect({ ...r.report, capture: undefined }).toEqual({ ...first, capture: undefined });
    expect(strip(readFileSync(join(dir, 'legacy-net-bringup.ts.log'), 'utf8'))).toBe(
      readFileSync(join(dir, 'legacy-net-bringup.log'), 'utf8'),
    );
  });

  it('interrupt-while-masked: the same divergence with the timestamps stripped', async () => {
    const { ingest } = await import('../../src/ingest/ingest.js');
    const text = readFileSync(join(dir, 'interrupt-while-masked.log'), 'utf8');
    const a = ingest(text, { file: 'x' }).report;
    const b = ingest(strip(text), { file: 'x' }).report;
    expect(b.divergences).toEqual(a.divergences);
    expect([b.observations, b.used]).toEqual([a.observations, a.used]);
  });
});
