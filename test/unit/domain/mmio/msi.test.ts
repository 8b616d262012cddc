import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/domain/device.js';
import { fixedVector, initialMmio, msiStateValue } from '../../../../src/domain/mmio/msi.js';
import { VIRTIO_MMIO_MSI_NO_VECTOR } from '../../../../src/domain/mmio/extension.js';

describe('virtio-mmio MSI register values (docs/extensions.md#virtio-mmio-msi)', () => {
  it('uses the proposal\'s offsets and command numbers', async () => {
    const R = { ...(await import('../../../../src/domain/mmio/extension.js')),
      ...(await import('../../../../src/domain/spec/mmio.js')) };
    expect([R.VIRTIO_MMIO_MSI_VEC_NUM, R.VIRTIO_MMIO_MSI_STATE, R.VIRTIO_MMIO_MSI_COMMAND,
      R.VIRTIO_MMIO_MSI_VEC_SEL]).toEqual([0xc0, 0xc4, 0xc8, 0xd0]);
    expect([R.VIRTIO_MMIO_MSI_ADDRESS_LOW, R.VIRTIO_MMIO_MSI_ADDRESS_HIGH, R.VIRTIO_MMIO_MSI_DATA]).toEqual(
      [0xd4, 0xd8, 0xdc]);
    expect([R.VIRTIO_MMIO_INTERRUPT_STATUS, R.VIRTIO_MMIO_INTERRUPT_ACK]).toEqual([0x60, 0x64]);
    expect(Object.values(R.MSI_CMD_NAMES)).toEqual(
      ['ENABLE', 'DISABLE', 'CONFIGURE', 'MASK', 'UNMASK', 'MAP_CONFIG', 'MAP_QUEUE']);
  });

  it('non-sharing: vector 0 = config, 1 + i = queue i, NO_VECTOR past MsiVecNum', () => {
    expect([fixedVector(3, 'config'), fixedVector(3, 0), fixedVector(3, 1), fixedVector(3, 2)]).toEqual(
      [0, 1, 2, VIRTIO_MMIO_MSI_NO_VECTOR]);
  });

  it('starts with MSI off, vectors masked, one vector per event by default; none without an mmio block', () => {
    const d = initialMmio(defaultConfig({ mmio: { queues: 3 } }))!;
    expect(d.msi.vecNum).toBe(4);
    expect(d.msi.mask).toEqual([0xf]);
    expect(msiStateValue(d.msi)).toBe(0);
    expect(initialMmio(defaultConfig({ mmio: { queues: 3, sharing: true } }))!.msi.queueVectors).toEqual(
      new Array(3).fill(VIRTIO_MMIO_MSI_NO_VECTOR));
    expect(initialMmio(defaultConfig())).toBeNull();
  });
});
