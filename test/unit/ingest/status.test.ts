/**
 * A VF's device status in the shadow run (docs/capture-format.md#device-status): the device
 * notifies a VF only after DRIVER_OK (virtio 1.4 §2.1 Device Status Field) and not at all at status
 * 0 after a reset (virtio 1.4 §2.4 Device Reset). A capture that never shows a VF's status is of a
 * running driver, stated as an assumption; one that shows it is followed, and a notification
 * before DRIVER_OK is then the device's divergence.
 */
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/ingest/ingest.js';

const header = JSON.stringify({ format: 'vtwin-capture', version: 1, device: {}, capturedBy: { tool: 'test' } });
const cap = (records: object[]) => [header, ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
const run = (text: string, profile?: string) => ingest(text, { file: 'c', profile }).report;
const qemu = (lines: string[]) => ingest(lines.join('\n') + '\n', { file: 'q.log' }).report;
const statusAssumptions = (r: ReturnType<typeof run>) => r.assumptions.filter((a) => /^VF \d+'s /.test(a.what));

/** VF 1 with MSI-X on, entries 0 and 1 unmasked, the config change on 0 and queue 0 on 1 (lines 2-9). */
const vf1 = [
  { type: 'sriov.numVFs', value: 1 },
  { type: 'sriov.control', value: 1 },
  { type: 'msix.control', fn: 'vf1', value: 0x8000 },
  { type: 'msix.entry', fn: 'vf1', entry: 0, field: 'vectorControl', value: 0 },
  { type: 'msix.entry', fn: 'vf1', entry: 1, field: 'vectorControl', value: 0 },
  { type: 'msix.map', fn: 'vf1', source: 'config', vector: 0 },
  { type: 'msix.map', fn: 'vf1', source: 0, vector: 1 },
];
const config = { type: 'interrupt', fn: 'vf1', vector: 0 };
const used = { type: 'interrupt', fn: 'vf1', vector: 1 };

describe('a capture that never shows a VF status', () => {
  it('is of a running driver: messages are consistent, the report states the assumption once', () => {
    const r = run(cap([...vf1, used, config, used]));
    expect([r.verdict, r.observations]).toEqual(['consistent', 3]);
    expect(statusAssumptions(r)).toEqual([
      {
        what: "VF 1's driver is running (DRIVER_OK): the device notifies it and the capture shows no status write",
        value: '0xf',
        line: 9,
      },
    ]);
  });

  it('a QEMU log of a running legacy guest: the status a legacy driver leaves (0x7, no FEATURES_OK)', () => {
    const r = qemu([
      'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 0',
      'vfio_pci_write_config  (0000:65:00.1, @0x72, 0x8003, len=0x2)',
      'vfio_region_write  (0000:65:00.1:region0+0x16, 0x0, 2)',
      'vfio_msi_interrupt  (0000:65:00.1) vector 0 0xfee00000/0x22',
    ]);
    expect(r.verdict).toBe('consistent');
    expect(statusAssumptions(r)).toEqual([expect.objectContaining({ value: '0x7', line: 4 })]);
  });

  it('a first status read adopts the value it returned; later reads are compared (device.status.readback)', () => {
    const read = (value: number) => ({ type: 'status.read', fn: 'vf1', value });
    const r = run(cap([...vf1, read(7), used, read(5)]));
    expect(statusAssumptions(r)).toEqual([
      {
        what: "VF 1's device status, written before the capture starts: adopted from this read",
        value: '0x7',
        line: 9,
      },
    ]);
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 11, rule: 'device.status.readback', observed: '0x5', expected: '0x7' }),
    ]);
  });

  it('a first status read without DRIVER_OK is followed: a used-buffer message then diverges', () => {
    const r = run(cap([...vf1, { type: 'status.read', fn: 'vf1', value: 3 }, used]));
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 10, rule: 'device.irq.no-notify-before-driver-ok', actor: 'device' }),
    ]);
  });
});

describe('a capture that shows a VF status is followed', () => {
  it('before DRIVER_OK a config change may be notified, a used buffer not: no-notify-before-driver-ok', () => {
    const r = run(cap([...vf1, { type: 'status.write', fn: 'vf1', value: 3 }, config, used]));
    expect(r.divergences).toEqual([
      expect.objectContaining({
        line: 11,
        fn: 'vf1',
        rule: 'device.irq.no-notify-before-driver-ok',
        actor: 'device',
        observed: 'a message on vector 1',
        expected: expect.stringContaining('VF 1 device status 0x3 has no DRIVER_OK'),
      }),
    ]);
    expect(statusAssumptions(r)).toEqual([]);
  });

  it('after DRIVER_OK both are consistent; after a reset (status 0) not even a config change', () => {
    const ok = run(cap([...vf1, { type: 'status.write', fn: 'vf1', value: 15 }, config, used]));
    expect([ok.verdict, ok.observations]).toEqual(['consistent', 2]);
    const reset = { type: 'status.write', fn: 'vf1', value: 0 };
    // A reset returns the vector mappings to NO_VECTOR: the driver maps the config change again.
    const remap = { type: 'msix.map', fn: 'vf1', source: 'config', vector: 0 };
    const r = run(cap([...vf1, { type: 'status.write', fn: 'vf1', value: 15 }, reset, remap, config]));
    expect(r.divergences).toEqual([
      expect.objectContaining({
        line: 12,
        rule: 'device.irq.no-notify-before-driver-ok',
        expected: expect.stringContaining('device status is 0'),
      }),
    ]);
  });

  it('a status write the QEMU log shows (BAR0 offset 18) is followed the same way', () => {
    const r = qemu([
      'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 0',
      'vfio_pci_write_config  (0000:65:00.1, @0x72, 0x8003, len=0x2)',
      'vfio_region_write  (0000:65:00.1:region0+0x12, 0x3, 1)',
      'vfio_region_write  (0000:65:00.1:region0+0x16, 0x0, 2)',
      'vfio_msi_interrupt  (0000:65:00.1) vector 0 0xfee00000/0x22',
    ]);
    expect(r.divergences).toEqual([
      expect.objectContaining({ line: 5, rule: 'device.irq.no-notify-before-driver-ok', actor: 'device' }),
    ]);
  });

  it('--profile auto: the device that notifies before DRIVER_OK explains it best', () => {
    const r = run(cap([...vf1, { type: 'status.write', fn: 'vf1', value: 3 }, used]), 'auto');
    expect([r.profile, r.verdict]).toEqual(['notify-before-driver-ok', 'consistent']);
    expect(r.ranking!.find((x) => x.profile === 'spec')).toEqual({ profile: 'spec', divergences: 1 });
  });
});
