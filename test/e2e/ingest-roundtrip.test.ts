/**
 * Round trip (README "Captured traces"; docs/capture-format.md#exporting-a-twin-run): a run the
 * twin recorded, exported as a vtwin-capture and ingested back, has zero divergences and ends in
 * the same state (same state hash) — for runs made only of what the format carries.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCapture } from '../../src/analysis/captureExport.js';
import { ingest } from '../../src/ingest/ingest.js';
import { loadScenario } from '../../src/scenario/file.js';
import { runScenario } from '../../src/scenario/runner.js';
import { memorySink } from '../../src/trace/memory.js';
import { openTrace } from '../../src/trace/reader.js';
import { bytesSource } from '../../src/trace/source.js';
import { createRecorder } from '../../src/trace/writer.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const scenarios = join(import.meta.dirname, '..', '..', 'scenarios');

/** Record a scenario (bundled, or at a path) in memory; its capture export and its final hash. */
function recordAndExport(name: string): { capture: string; finalHash: string; notCarried: Record<string, number> } {
  const sc = loadScenario(isAbsolute(name) ? name : join(scenarios, name));
  const sink = memorySink();
  const rec = createRecorder(sink, { config: sc.device, seed: sc.seed, producer: `test ${name}` });
  runScenario(sc, { observers: [rec], snapshots: false });
  const finalHash = rec.finish().finalHash;
  let capture = '';
  const r = exportCapture(openTrace(bytesSource(sink.bytes(), name)), (line) => void (capture += line));
  return { capture, finalHash, notCarried: r.notCarried };
}

describe('export --format capture, then ingest: zero divergences, the same state hash', () => {
  it.each([
    'irq-mask-raise-unmask.json',
    'irq-raise-twice-while-masked.json',
    'fifo-within-one-queue.json',
    'no-order-across-queues.json',
    'pf-reset-with-commands-in-flight.json',
    'queue-full-enospc.json',
    'sriov-refusals.json',
    'irq-program-while-unmasked.json',
    'raw-bytes-command.json',
  ])('%s', (name) => {
    const { capture, finalHash, notCarried } = recordAndExport(name);
    expect(notCarried).toEqual({});
    const { report, stateHash } = ingest(capture, { file: name });
    expect(report.format).toBe('vtwin-capture');
    expect(report.divergences).toEqual([]);
    expect(report.unknown).toEqual({});
    // The VFs' status writes travel in the capture: the run assumes none of them.
    expect(report.assumptions.filter((a) => /^VF \d+'s (driver|device status)/.test(a.what))).toEqual([]);
    expect(stateHash).toBe(finalHash);
  });

  it("a VF's own status writes (vf.status) travel as status.write records, the reset too", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-roundtrip-'));
    const path = join(dir, 'vf-status.json');
    const steps = [
      { op: 'sriov.enable', numVFs: 1 },
      { op: 'vf.status', fn: 1, value: 3 },
      { op: 'device.configChange', fn: 1 },
      { op: 'vf.status', fn: 1, value: 15 },
      { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'vf.status', fn: 1, value: 0 },
      { op: 'settle' },
    ];
    writeFileSync(path, JSON.stringify({ name: 'vf-status', device: { totalVFs: 2 }, seed: 1, steps }));
    const { capture, finalHash, notCarried } = recordAndExport(path);
    expect(notCarried).toEqual({});
    const status = capture.split('\n').filter((l) => l.includes('"status.write"'));
    expect(status.map((l) => JSON.parse(l).value)).toEqual([3, 15, 0]);
    expect(status.every((l) => JSON.parse(l).fn === 'vf1')).toBe(true);
    const { report, stateHash } = ingest(capture, { file: 'vf-status.jsonl' });
    expect([report.verdict, report.observations]).toEqual(['consistent', 2]);
    expect(stateHash).toBe(finalHash);
  });

  it('a device that renumbers an extension (extOpcodes): the header carries the numbers and the run uses them',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'vtwin-roundtrip-'));
      const path = join(dir, 'moved.json');
      const extOpcodes = { VTWIN_EXT_VF_MSIX_SET: 0x7e00, VTWIN_EXT_VF_MSIX_GET: 0x7e01 };
      const steps = [
        { op: 'sriov.enable', numVFs: 2 },
        { op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY', group: 'SRIOV' } },
        { op: 'settle' },
        { op: 'aq.submit', tag: 'use', cmd: { opcode: 'LIST_USE', group: 'SRIOV',
          opcodes: ['LIST_QUERY', 'LIST_USE', 'VTWIN_EXT_VF_MSIX_SET', 'VTWIN_EXT_VF_MSIX_GET'] } },
        { op: 'settle' },
        { op: 'aq.submit', tag: 'set', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 2 } },
        { op: 'aq.submit', tag: 'get', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_GET', member: 1 } },
        { op: 'settle' },
      ];
      writeFileSync(path, JSON.stringify({ name: 'moved', device: { totalVFs: 4, extOpcodes }, seed: 1, steps }));
      const { capture, finalHash } = recordAndExport(path);
      expect(JSON.parse(capture.split('\n')[0]!).device.extOpcodes).toEqual(extOpcodes);
      const { report, stateHash } = ingest(capture, { file: 'moved.jsonl' });
      expect(report.divergences).toEqual([]);
      const assumed = { what: 'extOpcodes (capture header)', value: JSON.stringify(extOpcodes), line: 1 };
      expect(report.assumptions).toContainEqual(assumed);
      expect(stateHash).toBe(finalHash);
      // Without the numbers the same capture is a different device: its commands are refused.
      const header = JSON.parse(capture.split('\n')[0]!) as { device: Record<string, unknown> };
      delete header.device.extOpcodes;
      const bare = [JSON.stringify(header), ...capture.split('\n').slice(1)].join('\n');
      expect(ingest(bare, { file: 'bare.jsonl' }).report.verdict).toBe('divergent');
    });

  it('counts the commands the format cannot carry (a modern ISR read, buffers a guest adds)', () => {
    expect(recordAndExport('irq-intx-isr.json').notCarried).toEqual({ 'isr.read': 1 });
    expect(recordAndExport('irq-function-mask.json').notCarried).toEqual({ 'msix.readControl': 1 });
    expect(recordAndExport('legacy-bringup-net.json').notCarried).toEqual({ 'guest.queue.add': 1 });
  });

  it('through the CLI: run --record, export --format capture, ingest --out; both traces end in one hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtwin-roundtrip-'));
    const vtwin = async (...argv: string[]) => {
      const io = captureIo(dir);
      return { code: await main(argv, io), out: io.stdout, err: io.stderr };
    };
    expect((await vtwin('run', join(scenarios, 'irq-mask-raise-unmask.json'), '--record', 'a.vtrace')).code).toBe(0);
    const ex = await vtwin('export', 'a.vtrace', '--format', 'capture', '--out', 'a.jsonl');
    expect([ex.code, ex.err]).toEqual([0, 'vtwin: wrote a.jsonl (read it back with vtwin ingest)\n']);
    const ing = await vtwin('ingest', 'a.jsonl', '--out', 'b.vtrace');
    expect(ing.code).toBe(0);
    expect(ing.out).toMatch(/^CONSISTENT {2}a\.jsonl {2}\(vtwin-capture, profile spec\)/);
    const hash = async (t: string) => JSON.parse((await vtwin('inspect', t, '--json')).out).finalHash;
    expect(await hash('b.vtrace')).toBe(await hash('a.vtrace'));
  });
});
