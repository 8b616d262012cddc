/**
 * A virtio-mmio device with the MSI extension of the 2020 proposal "virtio-mmio: add MSI interrupt
 * feature support" (docs/extensions.md#virtio-mmio-msi). The spec never merged it: the twin names
 * the feature VTWIN_EXT_F_MMIO_MSI (the proposal's bit 40 is now VIRTIO_F_RING_RESET, so the twin
 * assigns no feature bit; the device config's `mmio.msi` says whether the device offers it).
 *
 * Register map (offset, access, register). Offsets 0x000-0x070 are the spec's (virtio 1.4 §4.2
 * Virtio Over MMIO); 0x0c0-0x0dc are the proposal's (v2, feature-bit design, spec patch bit layout of MsiState):
 * | off   | acc | register                                                         |
 * |-------|-----|------------------------------------------------------------------|
 * | 0x000 | R   | MagicValue 0x74726976 ("virt")                                   |
 * | 0x004 | R   | Version (2)                                                      |
 * | 0x008 | R   | DeviceID (1 net, 2 blk)                                          |
 * | 0x030 | W   | QueueSel                                                         |
 * | 0x060 | R   | InterruptStatus: bit 0 used buffer, bit 1 config change          |
 * | 0x064 | W   | InterruptACK: clears the bits written (ignored while MSI is on)  |
 * | 0x070 | RW  | Status (writing 0 resets the device)                             |
 * | 0x0c0 | R   | MsiVecNum: number of MSI vectors                                 |
 * | 0x0c4 | R   | MsiState: bit 0 msi_enabled, bit 1 msi_sharing                   |
 * | 0x0c8 | W   | MsiCmd: ENABLE 1, DISABLE 2, CONFIGURE 3, MASK 4, UNMASK 5, MAP_CONFIG 6, MAP_QUEUE 7 |
 * | 0x0d0 | W   | MsiVecSel (0-based; VIRTIO_MMIO_MSI_NO_VECTOR 0xFFFFFFFF = none)  |
 * | 0x0d4 | W   | MsiAddrLow                                                       |
 * | 0x0d8 | W   | MsiAddrHigh                                                      |
 * | 0x0dc | W   | MsiData                                                          |
 *
 * Where the proposal is silent the twin chooses (README "Interrupts"): vectors reset masked; an
 * event on a masked vector sets a pending bit that UNMASK delivers once (the kvmtool prototype);
 * a MAP to a vector >= MsiVecNum stores NO_VECTOR; MAP commands are ignored in non-sharing mode.
 */
import type { DeviceConfig } from '../config.js';
import { filledWords } from '../msix/bits.js';

export const VIRTIO_MMIO_MAGIC_VALUE = 0x000;
export const VIRTIO_MMIO_VERSION = 0x004;
export const VIRTIO_MMIO_DEVICE_ID = 0x008;
export const VIRTIO_MMIO_QUEUE_SEL = 0x030;
export const VIRTIO_MMIO_INTERRUPT_STATUS = 0x060;
export const VIRTIO_MMIO_INTERRUPT_ACK = 0x064;
export const VIRTIO_MMIO_STATUS = 0x070;
export const VIRTIO_MMIO_MSI_VEC_NUM = 0x0c0;
export const VIRTIO_MMIO_MSI_STATE = 0x0c4;
export const VIRTIO_MMIO_MSI_COMMAND = 0x0c8;
export const VIRTIO_MMIO_MSI_VEC_SEL = 0x0d0;
export const VIRTIO_MMIO_MSI_ADDRESS_LOW = 0x0d4;
export const VIRTIO_MMIO_MSI_ADDRESS_HIGH = 0x0d8;
export const VIRTIO_MMIO_MSI_DATA = 0x0dc;

export const VIRTIO_MMIO_MSI_CMD_ENABLE = 0x1;
export const VIRTIO_MMIO_MSI_CMD_DISABLE = 0x2;
export const VIRTIO_MMIO_MSI_CMD_CONFIGURE = 0x3;
export const VIRTIO_MMIO_MSI_CMD_MASK = 0x4;
export const VIRTIO_MMIO_MSI_CMD_UNMASK = 0x5;
export const VIRTIO_MMIO_MSI_CMD_MAP_CONFIG = 0x6;
export const VIRTIO_MMIO_MSI_CMD_MAP_QUEUE = 0x7;

export const VIRTIO_MMIO_MSI_NO_VECTOR = 0xffffffff;
export const VIRTIO_MMIO_MSI_STATE_ENABLED = 0x1;
export const VIRTIO_MMIO_MSI_STATE_SHARING = 0x2;
export const VIRTIO_MMIO_INT_VRING = 0x1;
export const VIRTIO_MMIO_INT_CONFIG = 0x2;
export const VIRTIO_MMIO_MAGIC = 0x74726976;
/** The twin's name for the proposal's VIRTIO_F_MMIO_MSI (it has no feature bit of its own). */
export const VTWIN_EXT_F_MMIO_MSI = 'VTWIN_EXT_F_MMIO_MSI';

export const MSI_CMD_NAMES: Readonly<Record<number, string>> = {
  1: 'ENABLE',
  2: 'DISABLE',
  3: 'CONFIGURE',
  4: 'MASK',
  5: 'UNMASK',
  6: 'MAP_CONFIG',
  7: 'MAP_QUEUE',
};

export interface MmioMsiState {
  /** The device offers VTWIN_EXT_F_MMIO_MSI. */
  offered: boolean;
  /** MsiState bit 0. */
  enabled: boolean;
  /** MsiState bit 1 (read-only: the device's mode). */
  sharing: boolean;
  /** MsiVecNum. */
  vecNum: number;
  /** Staging registers the next command reads. */
  vecSel: number;
  addrLo: number;
  addrHi: number;
  data: number;
  /** Per vector: the message latched by CONFIGURE. */
  vAddrLo: number[];
  vAddrHi: number[];
  vData: number[];
  /** Per vector, packed: masked, pending. */
  mask: number[];
  pba: number[];
  configVector: number;
  queueVectors: number[];
  /** Messages sent per vector since power-on (an observability counter, not a register). */
  delivered: number[];
}

export interface MmioState {
  deviceId: number;
  queues: number;
  queueSel: number;
  status: number;
  /** InterruptStatus. */
  interruptStatus: number;
  msi: MmioMsiState;
}

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
  for (let q = 0; q < queues; q++) msi.queueVectors[q] = msi.sharing ? VIRTIO_MMIO_MSI_NO_VECTOR : fixedVector(msi.vecNum, q);
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
