/**
 * The virtio-mmio device at power-on and at reset (Status 0), and the MSI extension's vector
 * bookkeeping: how many vectors, the fixed mapping of non-sharing mode, the MsiState value.
 */
import type { DeviceConfig } from '../config.js';
import { filledWords } from '../msix/bits.js';
import { VIRTIO_MMIO_MSI_NO_VECTOR, VIRTIO_MMIO_MSI_STATE_ENABLED,
  VIRTIO_MMIO_MSI_STATE_SHARING } from './extension.js';
import type { MmioMsiState, MmioState } from './types.js';

type MmioConfig = NonNullable<DeviceConfig['mmio']>;

export function msiVectorCount(c: MmioConfig): number {
  return c.msiVectors || 1 + c.queues;
}

/** Non-sharing mode's fixed mapping: vector 0 = config, vector 1 + i = queue i. */
export function fixedVector(vecNum: number, source: 'config' | number): number {
  const v = source === 'config' ? 0 : 1 + source;
  return v < vecNum ? v : VIRTIO_MMIO_MSI_NO_VECTOR;
}

/** Mappings after reset: fixed in non-sharing mode, none in sharing mode. */
export function resetMappings(msi: MmioMsiState, queues: number): void {
  msi.configVector = msi.sharing ? VIRTIO_MMIO_MSI_NO_VECTOR : fixedVector(msi.vecNum, 'config');
  msi.queueVectors = new Array(queues);
  for (let q = 0; q < queues; q++) msi.queueVectors[q] = msi.sharing
    ? VIRTIO_MMIO_MSI_NO_VECTOR : fixedVector(msi.vecNum, q);
}

/** Device reset (Status 0): MSI off (the proposal: reset clears msi_enabled), fresh vectors. */
export function resetMmio(s: MmioState): void {
  const msi = s.msi;
  s.queueSel = 0;
  s.status = 0;
  s.interruptStatus = 0;
  msi.enabled = false;
  msi.vecSel = 0;
  msi.addrLo = 0;
  msi.addrHi = 0;
  msi.data = 0;
  msi.vAddrLo = new Array(msi.vecNum).fill(0);
  msi.vAddrHi = new Array(msi.vecNum).fill(0);
  msi.vData = new Array(msi.vecNum).fill(0);
  msi.mask = filledWords(msi.vecNum, true);
  msi.pba = filledWords(msi.vecNum, false);
  resetMappings(msi, s.queues);
}

export function initialMmio(config: DeviceConfig): MmioState | null {
  const c = config.mmio;
  if (!c) return null;
  const vecNum = c.msi ? msiVectorCount(c) : 0;
  const s: MmioState = {
    deviceId: config.deviceType === 'blk' ? 2 : 1,
    queues: c.queues,
    queueSel: 0,
    status: 0,
    interruptStatus: 0,
    msi: {
      offered: c.msi,
      enabled: false,
      sharing: c.sharing,
      vecNum,
      vecSel: 0,
      addrLo: 0,
      addrHi: 0,
      data: 0,
      vAddrLo: [],
      vAddrHi: [],
      vData: [],
      mask: [],
      pba: [],
      configVector: VIRTIO_MMIO_MSI_NO_VECTOR,
      queueVectors: [],
      delivered: new Array(vecNum).fill(0),
    },
  };
  resetMmio(s);
  return s;
}

/** MsiState as the driver reads it. */
export function msiStateValue(msi: Readonly<MmioMsiState>): number {
  return (msi.enabled ? VIRTIO_MMIO_MSI_STATE_ENABLED : 0) | (msi.sharing ? VIRTIO_MMIO_MSI_STATE_SHARING : 0);
}
