/**
 * Reading QEMU's `log` trace backend output (docs/capture-format.md#qemu-trace-log): every prefix
 * variant, every event's arguments as its trace-events format prints them, blank, ignored and
 * unknown lines counted, and a malformed argument named by line and field.
 */
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../src/errors.js';
import { matchQemuLines, parseQemuLog } from '../../../src/ingest/qemu/parse.js';

const one = (line: string) => {
  const p = parseQemuLog(`${line}\n`, 'x.log');
  expect(p.records).toHaveLength(1);
  return p.records[0]!.rec;
};

describe('QEMU log lines: events and their arguments', () => {
  it.each([
    [
      'vfio_region_write  (0000:65:00.1:region0+0x12, 0x3, 1)',
      { ev: 'vfio_region_write', dev: '0000:65:00.1', index: 0, addr: 0x12, data: 3, size: 1 },
    ],
    [
      'vfio_region_read  (0000:65:00.1:region0+0x0, 4) = 0x109f0023',
      { ev: 'vfio_region_read', addr: 0, size: 4, data: 0x109f0023 },
    ],
    [
      'vfio_pci_write_config  (0000:65:00.1, @0x72, 0xc003, len=0x2)',
      { ev: 'vfio_pci_write_config', addr: 0x72, val: 0xc003, len: 2 },
    ],
    [
      'vfio_pci_read_config  (0000:65:00.1, @0x72, len=0x2) 0x3',
      { ev: 'vfio_pci_read_config', addr: 0x72, len: 2, val: 3 },
    ],
    [
      'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 1',
      { pos: 0x70, entries: 4, noresize: true },
    ],
    [
      'vfio_msix_early_setup 0000:65:00.1 PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4',
      { pos: 0x70, entries: 4, noresize: null },
    ],
    ['vfio_msix_vector_do_use  (0000:65:00.1) vector 2 used', { ev: 'vfio_msix_vector_do_use', index: 2 }],
    ['vfio_msix_vector_release  (0000:65:00.1) vector 2 released', { ev: 'vfio_msix_vector_release', index: 2 }],
    [
      'vfio_msi_interrupt  (0000:65:00.1) vector 1 0xfee01000/0x23',
      { ev: 'vfio_msi_interrupt', index: 1, addr: 0xfee01000, data: 0x23 },
    ],
    ['vfio_msix_pba_enable  (0000:65:00.1)', { ev: 'vfio_msix_pba_enable', dev: '0000:65:00.1' }],
    [
      'sriov_config_write virtio-net-pci 00:0: sriov offset 0x10 val 0x4 len 2',
      { dev: 'virtio-net-pci 00:0', offset: 0x10, val: 4, len: 2 },
    ],
    ['sriov_register_vfs virtio-net-pci 00:0: creating 4 vf devs', { ev: 'sriov_register_vfs', numVfs: 4 }],
    ['virtio_set_status vdev 0x55d7e1c3a5e0 val 15', { ev: 'virtio_set_status', vdev: '0x55d7e1c3a5e0', val: 15 }],
    [
      'vfio_region_setup Device 0000:65:00.1, region 0 "0000:65:00.1 BAR 0", flags: 0x3, offset: 0x0, size: 0x20',
      { ev: 'vfio_region_setup', index: 0, size: 0x20 },
    ],
  ])('%s', (line, rec) => {
    expect(one(line)).toMatchObject(rec);
  });

  it('accepts every prefix: none, <tid>@<sec>.<usec>:, an ISO instant, [guest], <program>:, (<tid>:<thread>):', () => {
    const bare = 'vfio_region_read  (0000:65:00.1:region0+0x13, 1) = 0x2';
    const want = one(bare);
    for (const prefix of [
      '48213@1761640004.662481:',
      '2025-10-28T08:26:40.100003Z ',
      '2025-10-28T08:26:40Z (4821) ',
      '[vm1] ',
      'qemu-system-x86_64: ',
      '(4821:CPU 0/KVM): ',
    ]) {
      expect(one(`${prefix}${bare}`), prefix).toEqual(want);
    }
  });

  it('counts blank lines and known unused events as ignored, other first words as unknown', () => {
    const p = parseQemuLog(
      '\nvfio_intx_eoi  (0000:65:00.1) EOI\nkvm_set_irq gsi 24\n48213@1761640004.662481:kvm_msi x\n\r\n',
      'x.log',
    );
    expect(p.records).toEqual([]);
    expect(p.lines).toBe(5);
    expect(p.ignored).toEqual({ '(blank line)': 2, vfio_intx_eoi: 1 });
    expect(p.unknown).toEqual({ kvm_set_irq: 1, kvm_msi: 1 });
  });

  it('names file:line and the field of a malformed argument (exit 2)', () => {
    const bad = (line: string) => {
      try {
        parseQemuLog(`vfio_msix_pba_disable  (0000:65:00.1)\n${line}\n`, 'vf.log');
      } catch (e) {
        expect(e).toBeInstanceOf(CaptureError);
        return (e as CaptureError).message;
      }
      throw new Error('accepted');
    };
    expect(bad('vfio_region_read  (0000:65:00.1:region0+0x13, one) = 0x2')).toBe(
      'vf.log:2: vfio_region_read.size: expected a decimal integer',
    );
    expect(bad('vfio_region_write  (0000:65:00.1:region0+0x12, 3, 1)')).toBe(
      'vf.log:2: vfio_region_write.data: expected a hex number written 0x...',
    );
    expect(bad('vfio_msi_interrupt  (0000:65:00.1) vector 1')).toBe(
      'vf.log:2: vfio_msi_interrupt.index: expected " " to follow',
    );
    expect(bad('vfio_region_read  (0000:65:00.1:region0+0x13, 1) = 0x2 extra')).toBe(
      'vf.log:2: vfio_region_read.data: expected the end of the line',
    );
    expect(bad('vfio_region_read  (0000:65:00.1:region0+0x13, 8) = 0x123456789abcdef01')).toBe(
      'vf.log:2: vfio_region_read.data: a value below 2^53',
    );
  });

  it('--strict refuses the first line that is not a known event', () => {
    expect(() => parseQemuLog('vfio_msix_enable  (0000:65:00.1)\nfoo bar\n', 'vf.log', { strict: true })).toThrow(
      'vf.log:2: (event): a QEMU trace event the ingester knows (--strict), got "foo"',
    );
  });

  it('the bench baseline matches the lines the parser reads, decoding nothing', () => {
    const text =
      'vfio_region_read  (0000:65:00.1:region0+0x13, 1) = 0x2\nkvm_set_irq x\nvfio_msix_enable  (0000:65:00.1)\n';
    expect(matchQemuLines(text)).toBe(2);
    expect(parseQemuLog(text, 'x').records).toHaveLength(2);
  });
});
