/**
 * `vtwin ingest` as a user runs it (README "Captured traces"; README "CLI reference"): the JSON
 * document, exit codes, bad input as `vtwin: <file>:<line>: <field>: <what was expected>`, line
 * accounting and --strict, the function map, the written trace and the post-mortem commands on it.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTraceFile } from '../../src/trace/file.js';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'captures');
let dir: string;

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const bringUp = () => readFileSync(join(fixtures, 'legacy-net-bringup.log'), 'utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtwin-ingest-'));
  for (const f of ['legacy-net-bringup.log', 'isr-not-cleared.log', 'admin-bringup.jsonl'])
    copyFileSync(join(fixtures, f), join(dir, f));
  const lines = bringUp().split('\n');
  lines[21] = 'vfio_region_read  (0000:65:00.1:region0+0x0, four) = 0x109f0023';
  writeFileSync(join(dir, 'bad-size.log'), lines.join('\n'));
  const noisy = bringUp().replace(
    'vfio_region_write  (0000:65:00.1:region0+0x12, 0x1, 1)\n',
    'vfio_region_write  (0000:65:00.1:region0+0x12, 0x1, 1)\n' +
      'kvm_set_irq gsi 24 level 1 source 0\nqemu-system-x86_64: a warning\n',
  );
  writeFileSync(join(dir, 'noisy.log'), noisy);
  const jsonl = readFileSync(join(fixtures, 'admin-bringup.jsonl'), 'utf8').split('\n');
  jsonl[6] = jsonl[6]!.replace('"cmd":"000001', '"cmd":"0001');
  writeFileSync(join(dir, 'short-cmd.jsonl'), jsonl.join('\n'));
  const future = readFileSync(join(fixtures, 'admin-bringup.jsonl'), 'utf8') + '{"type":"dma.write","addr":4096}\n';
  writeFileSync(join(dir, 'future.jsonl'), future);
});

describe('vtwin ingest: the JSON document and exit codes', () => {
  it('--json has exactly the fields of the contract, and exit 0 when consistent', async () => {
    const r = await vtwin('ingest', 'legacy-net-bringup.log', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report).sort()).toEqual(
      [
        'assumptions',
        'capture',
        'divergences',
        'format',
        'ignored',
        'lines',
        'map',
        'observations',
        'profile',
        'trace',
        'unknown',
        'used',
        'verdict',
      ].sort(),
    );
    expect(report).toMatchObject({
      capture: 'legacy-net-bringup.log',
      format: 'qemu-log',
      profile: 'spec',
      lines: 127,
      verdict: 'consistent',
      trace: null,
    });
    expect(report.map).toEqual({ '0000:65:00.1': 'vf1' });
  });

  it('lists every calibrated value and the assumed start state with the line that shows it', async () => {
    const { assumptions } = JSON.parse((await vtwin('ingest', 'legacy-net-bringup.log', '--json')).out);
    const by = (what: string) => assumptions.find((a: { what: string }) => a.what.startsWith(what));
    expect(by('device features')).toEqual({
      what: 'device features bits 0-31 (legacy BAR0 offset 0)',
      value: '0x109f0023',
      line: 22,
    });
    expect(by('MAC of VF 1')).toMatchObject({ value: '52:54:00:12:34:56', line: 24 });
    expect(by('MSI-X Table Size')).toMatchObject({ value: 4, line: 7 });
    expect(by('queue size')).toMatchObject({ value: 256, line: 44 });
    expect(by('virtqueues per VF')).toMatchObject({ value: 3 });
    expect(by('0000:65:00.1 is VF 1')).toMatchObject({ line: 1 });
    expect(by('PF driver bring-up done')).toMatchObject({ value: true, line: null });
  });

  it('--device wins over calibration: a different feature set is given, so the read at line 22 diverges', async () => {
    const r = await vtwin('ingest', 'legacy-net-bringup.log', '--json', '--device', '{"legacyFeatures": 35}');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.divergences[0]).toMatchObject({
      line: 22,
      observed: '0x109f0023',
      expected: '0x23',
      rule: 'device.legacy.read-matches-register',
    });
    expect(report.assumptions.some((a: { what: string }) => a.what.startsWith('device features'))).toBe(false);
  });

  it('human output leads with the verdict, then the first divergence in context, the map and the profile', async () => {
    const r = await vtwin('ingest', 'isr-not-cleared.log');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(
      /^DIVERGENT {2}isr-not-cleared\.log {2}\(qemu-log, profile spec\) {2}3 divergences in 44 observations$/,
    );
    expect(lines[1]).toBe('first divergence, line 97 (seq 833, vf1): VF 1 read of ISR status (BAR0 +0x13, 1 byte)');
    expect(lines[2]).toBe('  observed 0x2; expected 0x0');
    expect(lines[3]).toMatch(/^ {2}rule device\.legacy\.reset-clears \(actor device\): virtio 1\.4 §2\.4/);
    expect(lines.slice(4, 9).map((l) => /^ {2}([ >]) +(\d+) \| /.exec(l)?.slice(1, 3).join(''))).toEqual([
      ' 95',
      ' 96',
      '>97',
      ' 98',
      ' 99',
    ]);
    expect(lines[6]).toBe('  > 97 | vfio_region_read  (0000:65:00.1:region0+0x13, 1) = 0x2');
    expect(r.out).toContain(
      'function map: 0000:65:00.1 = vf1 (default: the PF and VFs in PCI address order; change with --map)',
    );
    expect(r.out).toContain('\nprofile: spec\n');
  });
});

describe('vtwin ingest: bad input is exit 2 naming file:line and the field', () => {
  it('a known QEMU event whose argument does not parse', async () => {
    const r = await vtwin('ingest', 'bad-size.log');
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toBe('vtwin: bad-size.log:22: vfio_region_read.size: expected a decimal integer\n');
  });

  it('a vtwin-capture record that breaks its schema, with the field path', async () => {
    const r = await vtwin('ingest', 'short-cmd.jsonl');
    expect(r.code).toBe(2);
    expect(r.err).toBe('vtwin: short-cmd.jsonl:7: cmd: expected at least the 24-byte header (48 hex digits)\n');
  });

  it('an unknown --profile, a malformed --map and a --map naming no device of the capture', async () => {
    expect((await vtwin('ingest', 'legacy-net-bringup.log', '--profile', 'nope')).err).toMatch(
      /^vtwin: --profile: "nope": expected auto or a profile/,
    );
    expect((await vtwin('ingest', 'legacy-net-bringup.log', '--map', '0000:65:00.1=vx')).err).toMatch(
      /^vtwin: --map: "0000:65:00.1=vx": expected <device>=pf/,
    );
    const r = await vtwin('ingest', 'legacy-net-bringup.log', '--map', '0000:65:00.2=vf1');
    expect([r.code, r.err]).toEqual([
      2,
      'vtwin: --map: "0000:65:00.2" does not appear in the capture (it names: 0000:65:00.1)\n',
    ]);
  });
});

describe('vtwin ingest: lines not used are counted by name, --strict refuses unknown ones', () => {
  it('unknown first words and other qemu_log output are counted, the verdict unchanged', async () => {
    const report = JSON.parse((await vtwin('ingest', 'noisy.log', '--json')).out);
    expect(report.unknown).toEqual({ kvm_set_irq: 1, 'qemu-system-x86_64:': 1 });
    expect([report.verdict, report.lines]).toEqual(['consistent', 129]);
    expect(report.ignored).toEqual({ vfio_pci_read_config: 9, vfio_pci_write_config: 4, vfio_region_setup: 5 });
  });

  it('--strict refuses the first unknown line (QEMU log and vtwin-capture)', async () => {
    const q = await vtwin('ingest', 'noisy.log', '--strict');
    expect([q.code, q.err]).toEqual([
      2,
      'vtwin: noisy.log:20: (event): a QEMU trace event the ingester knows (--strict), got "kvm_set_irq"\n',
    ]);
    const j = await vtwin('ingest', 'future.jsonl', '--strict');
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/^vtwin: future\.jsonl:42: type: expected a record type this version knows \(--strict\)/);
    const counted = JSON.parse((await vtwin('ingest', 'future.jsonl', '--json')).out);
    expect([counted.unknown, counted.verdict]).toEqual([{ 'dma.write': 1 }, 'consistent']);
  });
});

describe('vtwin ingest: the function map', () => {
  it('--map names the VF; the run, the report and the trace use that function', async () => {
    const r = await vtwin(
      'ingest',
      'legacy-net-bringup.log',
      '--map',
      '0000:65:00.1=vf3',
      '--json',
      '--out',
      'vf3.vtrace',
    );
    const report = JSON.parse(r.out);
    expect([r.code, report.verdict, report.map]).toEqual([0, 'consistent', { '0000:65:00.1': 'vf3' }]);
    expect(report.assumptions[0].what).toBe(
      "0000:65:00.1 is VF 3, bound to Linux's vfio virtio driver (a guest owns it)",
    );
    const s = await vtwin('state', 'vf3.vtrace', '--at', '200', '--path', 'fns[3].driver');
    expect(s.out.trim()).toBe('"virtio-vfio-pci"');
    expect((await vtwin('ingest', 'legacy-net-bringup.log')).out).toContain(
      '(default: the PF and VFs in PCI address order',
    );
    expect((await vtwin('ingest', 'legacy-net-bringup.log', '--map', '0000:65:00.1=vf3')).out).toContain(
      '0000:65:00.1 = vf3 (from --map)',
    );
  });
});

describe('vtwin ingest --out: a normal trace whose commands keep their capture line', () => {
  it('replays by fold and reexec, re-checks clean, and blame names the capture line', async () => {
    const r = await vtwin('ingest', 'isr-not-cleared.log', '--out', 'isr.vtrace', '--json');
    expect(JSON.parse(r.out).trace).toBe('isr.vtrace');
    const reader = openTraceFile(join(dir, 'isr.vtrace'));
    expect(reader.header.producer).toBe('vtwin ingest isr-not-cleared.log (qemu-log, profile spec)');
    const lines = new Set<number>();
    reader.scan({
      command: (_i, _t, cmd, src) =>
        void (src !== undefined && lines.add(src) && expect(cmd).not.toHaveProperty('$src')),
    });
    expect(lines.has(97) && lines.has(88) && lines.has(1)).toBe(true);
    reader.close();
    expect((await vtwin('replay', 'isr.vtrace')).code).toBe(0);
    expect((await vtwin('replay', 'isr.vtrace', '--mode', 'reexec')).code).toBe(0);
    expect((await vtwin('check', 'isr.vtrace')).code).toBe(0);
    const b = await vtwin('blame', 'isr.vtrace', 'fns[1].msix.isr', '--at', '833');
    expect(b.out).toContain('caused by command 261 at t=261 (capture line 88): device.configChange fn=1');
    expect((await vtwin('timeline', 'isr.vtrace', '--from', '833', '--to', '833')).out).toContain(
      'mapper/ioCompleted fn=1',
    );
  });
});

describe('vtwin ingest --out is deterministic', () => {
  it('the same capture gives a byte-identical trace', async () => {
    await vtwin('ingest', 'legacy-net-bringup.log', '--out', 'one.vtrace');
    await vtwin('ingest', 'legacy-net-bringup.log', '--out', 'two.vtrace');
    expect(readFileSync(join(dir, 'one.vtrace')).equals(readFileSync(join(dir, 'two.vtrace')))).toBe(true);
  });
});

describe('vtwin rules lists the rules only a capture can break', () => {
  it('with their actor and a section that resolves like every other rule', async () => {
    const rules = JSON.parse((await vtwin('rules', '--json')).out) as { id: string; actor: string; kind: string }[];
    const ids = rules.map((r) => r.id);
    for (const id of ['device.aq.completion-matches', 'host.vfio.pended-only-while-masked',
        'device.sriov.vfs-created']) {
      expect(ids).toContain(id);
    }
    expect(rules.find((r) => r.id === 'driver.aq.submit-possible')).toMatchObject(
      { actor: 'pf-driver', kind: 'safety' });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
