import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/domain/device.js';
import { linuxVectorPlan } from '../../../../src/domain/msix/linux.js';
import {
  entryMessage,
  isMasked,
  messageControl,
  resizeTable,
  writeMessage,
} from '../../../../src/domain/msix/table.js';
import { initialMsix, storedVector, unmapAll } from '../../../../src/domain/msix/vectors.js';
import { VIRTIO_MSI_NO_VECTOR } from '../../../../src/domain/spec/constants.js';

describe('MSI-X function state', () => {
  it('a VF table resets with every entry masked, MSI-X off and every event unmapped', () => {
    const m = initialMsix(defaultConfig({ vfMsixVectors: 6 }), 1);
    expect(m.tableSize).toBe(6);
    expect([0, 1, 2, 3, 4, 5].every((v) => isMasked(m, v))).toBe(true);
    expect(m.enabled).toBe(false);
    expect(m.configVector).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(m.queueVectors).toEqual([VIRTIO_MSI_NO_VECTOR, VIRTIO_MSI_NO_VECTOR]);
  });

  it('a VF table at power-on is what resizing an empty table to its size leaves, keys in the same order', () => {
    const config = defaultConfig({});
    for (const n of [0, 1, 31, 32, 33, 64, 2048]) {
      const m = initialMsix(config, 1, n);
      const resized = { ...m, tableSize: 0, addrLo: [], addrHi: [], data: [], mask: [], pba: [] };
      resizeTable(resized, n);
      expect(JSON.stringify(m)).toBe(JSON.stringify(resized));
    }
  });

  it('Message Control reads Table Size as N-1 (PCI_MSIX_FLAGS_QSIZE), bit 14 Function Mask, bit 15 Enable', () => {
    const m = initialMsix(defaultConfig({ vfMsixVectors: 64 }), 1);
    expect(messageControl(m)).toBe(63);
    m.enabled = true;
    m.functionMask = true;
    expect(messageControl(m)).toBe(0xc000 | 63);
  });

  it('stores a vector write only if it names an entry; anything else reads back NO_VECTOR', () => {
    const m = initialMsix(defaultConfig({ vfMsixVectors: 4 }), 1);
    expect(storedVector(m, 3)).toBe(3);
    expect(storedVector(m, 4)).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(storedVector(m, VIRTIO_MSI_NO_VECTOR)).toBe(VIRTIO_MSI_NO_VECTOR);
  });

  it('resizing gives fresh masked entries and unmaps events beyond the new table; reset unmaps all', () => {
    const m = initialMsix(defaultConfig({ vfMsixVectors: 8 }), 1);
    m.configVector = 7;
    m.queueVectors = [1, 5];
    writeMessage(m, 6, 0xfee00000, 0, 0x41);
    resizeTable(m, 4);
    expect([m.tableSize, m.data.length, m.mask]).toEqual([4, 0, [0xf]]);
    expect([m.configVector, ...m.queueVectors]).toEqual([VIRTIO_MSI_NO_VECTOR, 1, VIRTIO_MSI_NO_VECTOR]);
    m.isr = 3;
    unmapAll(m);
    expect([m.queueVectors[0], m.isr]).toEqual([VIRTIO_MSI_NO_VECTOR, 0]);
  });
});

describe('entry messages', () => {
  it('are stored only up to the highest programmed entry; unprogrammed entries read 0', () => {
    const m = initialMsix(defaultConfig({ vfMsixVectors: 64 }), 1);
    expect(m.addrLo).toEqual([]);
    writeMessage(m, 2, 0xfee00000, 1, 0x30);
    expect(m.data).toEqual([0, 0, 0x30]);
    expect(entryMessage(m, 2)).toEqual({ addrLo: 0xfee00000, addrHi: 1, data: 0x30 });
    expect(entryMessage(m, 40)).toEqual({ addrLo: 0, addrHi: 0, data: 0 });
  });
});

describe("Linux's interrupt-policy ladder for the PF", () => {
  it('EACH needs config + data queues + the first admin queue; later admin queues stay unmapped', () => {
    expect(linuxVectorPlan(8, 2, 2)).toEqual(
      { policy: 'EACH', configVector: 0, queueVectors: [1, 2, 3, VIRTIO_MSI_NO_VECTOR], used: 4 });
  });

  it('falls back to SHARED_SLOW, then SHARED, then INTx (null)', () => {
    expect(linuxVectorPlan(3, 2, 1)?.policy).toBe('SHARED_SLOW');
    expect(linuxVectorPlan(2, 2, 1)).toEqual({ policy: 'SHARED', configVector: 0, queueVectors: [1, 1, 0], used: 2 });
    expect(linuxVectorPlan(1, 2, 1)).toBeNull();
  });
});
