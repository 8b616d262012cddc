/**
 * The shadow run's comparisons (docs/capture-format.md#divergences), one observation kind at a
 * time: each mismatch cites the rule that explains it and the actor at fault, and what matches is
 * consistent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashState } from '../../../src/engine/hash.js';
import { calibratedConfig, ingest, planText } from '../../../src/ingest/ingest.js';
import { shadowRun } from '../../../src/ingest/shadow.js';
import type { Violation } from '../../../src/rules/framework.js';

const header = (device: object = {}) =>
  JSON.stringify({ format: 'vtwin-capture', version: 1, device, capturedBy: { tool: 'test' } });
const cap = (records: object[], device: object = {}) =>
  [header(device), ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
const run = (text: string, profile?: string) => ingest(text, { file: 'c', profile }).report;
const qemu = (lines: string[]) => ingest(lines.join('\n') + '\n', { file: 'q.log' }).report;

/** VF 1 with MSI-X on and entry 0 unmasked: the start of most interrupt cases. */
const vf1Msix = [
  { type: 'sriov.numVFs', value: 1 },
  { type: 'sriov.control', value: 1 },
  { type: 'msix.control', fn: 'vf1', value: 0x8000 },
  { type: 'msix.entry', fn: 'vf1', entry: 0, field: 'vectorControl', value: 0 },
];

describe('interrupts', () => {
  it('a message on a vector no event is mapped to: device.msix.no-vector-silent (virtio 1.4 §4.1.5.1.2)', () => {
    const r = run(cap([...vf1Msix, { type: 'interrupt', fn: 'vf1', vector: 0 }]));
    expect(r.divergences).toEqual([
      expect.objectContaining({
        line: 6,
        fn: 'vf1',
        rule: 'device.msix.no-vector-silent',
        expected: 'nothing: no event is mapped to vector 0',
      }),
    ]);
  });

  it('a message on the config vector is the config change the driver mapped there: consistent', () => {
    const map = { type: 'msix.map', fn: 'vf1', source: 'config', vector: 0, readBack: 0 };
    const r = run(cap([...vf1Msix, map, { type: 'interrupt', fn: 'vf1', vector: 0 }]));
    expect([r.verdict, r.observations]).toEqual(['consistent', 2]);
  });

  it("a pending bit latched on an unmasked entry: host.vfio.pended-only-while-masked, here the device's fault", () => {
    const map = { type: 'msix.map', fn: 'vf1', source: 0, vector: 0 };
    const r = run(cap([...vf1Msix, map, { type: 'interrupt', fn: 'vf1', vector: 0, pending: true }]));
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 7, rule: 'host.vfio.pended-only-while-masked', actor: 'device' }),
    ]);
  });

  it('a message on a masked entry in a device-side capture: device.msix.masked-never-delivered, actor device', () => {
    const map = { type: 'msix.map', fn: 'vf1', source: 0, vector: 0 };
    const mask = { type: 'msix.entry', fn: 'vf1', entry: 0, field: 'vectorControl', value: 1 };
    const r = run(cap([...vf1Msix, map, mask, { type: 'interrupt', fn: 'vf1', vector: 0 }]));
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 8, rule: 'device.msix.masked-never-delivered', actor: 'device' }),
    ]);
  });

  it("a vector read back other than stored: device.msix.vector-readback; one beyond the table is the guest's", () => {
    const bad = run(cap([...vf1Msix, { type: 'msix.map', fn: 'vf1', source: 1, vector: 2, readBack: 0xffff }]));
    expect(bad.divergences).toEqual([
      expect.objectContaining({ rule: 'device.msix.vector-readback', observed: '0xffff', expected: '0x2' }),
    ]);
    const guest = run(cap([...vf1Msix, { type: 'msix.map', fn: 'vf1', source: 1, vector: 9, readBack: 0xffff }]));
    expect(guest.divergences).toEqual([
      expect.objectContaining({ rule: 'driver.msix.map-within-table', actor: 'guest' }),
    ]);
  });

  it('a QEMU log without pba events cannot say a message was pended: a pend is not a divergence there', () => {
    const log = [
      'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 0',
      'vfio_pci_write_config  (0000:65:00.1, @0x72, 0x8003, len=0x2)',
      'vfio_region_write  (0000:65:00.1:region0+0x14, 0x0, 2)',
      'vfio_msi_interrupt  (0000:65:00.1) vector 0 0xfee00000/0x22',
    ];
    expect([qemu(log).verdict, qemu(log).observations]).toEqual(['consistent', 1]);
    // With pba events traced, no vfio_msix_pba_enable before the message says QEMU delivered it.
    const traced = qemu(['vfio_msix_pba_disable  (0000:65:00.1)', ...log]);
    expect(traced.divergences).toEqual([
      expect.objectContaining({ line: 5, rule: 'device.msix.masked-never-delivered', actor: 'host' }),
    ]);
  });
});

describe('admin queue, PF and SR-IOV', () => {
  const list = '000001000000000000000000000000000000000000000000';

  it('a completion of a command that is not outstanding: device.aq.exactly-once', () => {
    const r = run(cap([{ type: 'aq.complete', queue: 0, id: 5, status: 0, qualifier: 0, result: '', usedLen: 8 }]));
    expect(r.divergences).toEqual([
      expect.objectContaining({
        line: 2,
        rule: 'device.aq.exactly-once',
        expected: 'no command 5 outstanding on queue 0',
      }),
    ]);
  });

  it('a completion with another status than the conforming device: device.aq.completion-matches', () => {
    const sub = { type: 'aq.submit', queue: 0, id: 1, cmd: list, writable: 16 };
    const r = run(
      cap([sub, { type: 'aq.complete', queue: 0, id: 1, status: 22, qualifier: 2, result: '', usedLen: 8 }]),
    );
    expect(r.divergences).toEqual([
      expect.objectContaining({
        rule: 'device.aq.completion-matches',
        observed: 'EINVAL/INVALID_OPCODE, result (none), used 8',
      }),
    ]);
  });

  it("a submission before the PF is DRIVER_OK is the driver's: driver.aq.submit-possible", () => {
    const r = run(
      cap([
        { type: 'status.write', fn: 'pf', value: 0 },
        { type: 'aq.submit', queue: 0, id: 1, cmd: list, writable: 16 },
      ]),
    );
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 3, rule: 'driver.aq.submit-possible', actor: 'pf-driver' }),
    ]);
  });

  it('a PF status read: what the driver wrote, else device.status.readback (virtio 1.4 §2.1)', () => {
    const writes = [0, 1, 3].map((value) => ({ type: 'status.write', fn: 'pf', value }));
    expect(run(cap([...writes, { type: 'status.read', fn: 'pf', value: 3 }])).verdict).toBe('consistent');
    const r = run(cap([...writes, { type: 'status.read', fn: 'pf', value: 1 }]));
    expect(r.divergences).toEqual([
      expect.objectContaining({ rule: 'device.status.readback', observed: '0x1', expected: '0x3' }),
    ]);
  });

  it('VF Enable creating other than NumVFs VFs: device.sriov.vfs-created', () => {
    const pf = 'virtio-net-pci 00:0:';
    const r = qemu([
      `sriov_config_write ${pf} sriov offset 0x10 val 0x4 len 2`,
      `sriov_config_write ${pf} sriov offset 0x8 val 0x19 len 2`,
      `sriov_register_vfs ${pf} creating 3 vf devs`,
    ]);
    expect(r.map).toEqual({ 'virtio-net-pci 00:0': 'pf' });
    expect(r.divergences).toEqual([
      expect.objectContaining({
        line: 3,
        rule: 'device.sriov.vfs-created',
        observed: '3 VFs',
        expected: '4 VFs (NumVFs)',
      }),
    ]);
  });

  it("Message Control: a wrong Table Size is the device's, wrong Enable bits QEMU's (control-readback)", () => {
    const setup = 'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 0';
    const size = qemu([setup, 'vfio_pci_read_config  (0000:65:00.1, @0x72, len=0x2) 0x7']);
    expect(size.divergences).toEqual([
      expect.objectContaining({ rule: 'device.msix.control-readback', actor: 'device', expected: '0x3' }),
    ]);
    const bits = qemu([setup, 'vfio_pci_read_config  (0000:65:00.1, @0x72, len=0x2) 0x8003']);
    expect(bits.divergences).toEqual([
      expect.objectContaining({ rule: 'device.msix.control-readback', actor: 'host', observed: '0x8003' }),
    ]);
  });
});

describe('the rules a shadow run checks', () => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'captures', 'isr-survives-read.jsonl'),
    'utf8');
  const plan = () => planText(text, { file: 'isr-survives-read.jsonl' });
  // The profile whose device keeps the ISR after a read: the twin's own device rule fires on it.
  const { config } = calibratedConfig(plan(), {}, 'isr-survives-read');

  it('are every rule when a trace records the run, else only the guest\'s and PF driver\'s; the report is the same',
    () => {
      const seen: Violation[] = [];
      const traced = shadowRun(plan(), config, { observers: [{ onViolation: (v) => void seen.push(v) }] });
      const plain = shadowRun(plan(), config);
      expect(seen.map((v) => v.rule)).toContain('device.legacy.isr-read-clears');
      expect(plain.engine.violations).toEqual([]);
      expect(plain.divergences).toEqual(traced.divergences);
      expect([plain.observations, plain.events]).toEqual([traced.observations, traced.events]);
      expect(hashState(plain.engine.state)).toBe(hashState(traced.engine.state));
    });

  it("still reports the PF driver's own rule violations without a trace: driver.aq.list-use-alone", () => {
    // LIST_USE submitted while LIST_QUERY is in flight (virtio 1.4 §2.12.1, driver requirements).
    const capture = cap([
      { type: 'aq.submit', queue: 0, id: 0, cmd: '000001000000000000000000000000000000000000000000', writable: 16 },
      { type: 'aq.submit', queue: 0, id: 1, cmd: '0100010000000000000000000000000000000000000000000100000000000000',
        writable: 8 },
      { type: 'aq.complete', queue: 0, id: 0, status: 0, qualifier: 0, result: '7f00000000000300', usedLen: 16 },
      { type: 'aq.complete', queue: 0, id: 1, status: 0, qualifier: 0, result: '', usedLen: 8 },
    ]);
    const p = planText(capture, { file: 'c' });
    const r = shadowRun(p, calibratedConfig(p, {}, 'spec').config);
    expect(r.engine.violations.map((v) => `${v.actor} ${v.rule}`)).toEqual(['pf-driver driver.aq.list-use-alone']);
    expect(r.divergences).toEqual([expect.objectContaining({ line: 3, rule: 'driver.aq.list-use-alone',
      actor: 'pf-driver' })]);
  });
});
