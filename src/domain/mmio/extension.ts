/**
 * EXTENSION (never merged): the MSI registers of the 2020 proposal "virtio-mmio: add MSI interrupt
 * feature support" (docs/extensions.md#virtio-mmio-msi; v2, feature-bit design, the spec patch's
 * bit layout of MsiState). The twin names the feature VTWIN_EXT_F_MMIO_MSI: the proposal's bit 40
 * is now VIRTIO_F_RING_RESET, so the twin assigns no feature bit, and the device config's
 * `mmio.msi` says whether the device offers it. The transport's own registers are in
 * ../spec/mmio.ts.
 *
 * | off   | acc | register                                                         |
 * |-------|-----|------------------------------------------------------------------|
 * | 0x0c0 | R   | MsiVecNum: number of MSI vectors                                 |
 * | 0x0c4 | R   | MsiState: bit 0 msi_enabled, bit 1 msi_sharing                   |
 * | 0x0c8 | W   | MsiCmd: ENABLE 1, DISABLE 2, CONFIGURE 3, MASK 4, UNMASK 5, MAP_CONFIG 6, MAP_QUEUE 7 |
 * | 0x0d0 | W   | MsiVecSel (0-based; VIRTIO_MMIO_MSI_NO_VECTOR 0xFFFFFFFF = none)  |
 * | 0x0d4 | W   | MsiAddrLow                                                       |
 * | 0x0d8 | W   | MsiAddrHigh                                                      |
 * | 0x0dc | W   | MsiData                                                          |
 *
 * While MSI is enabled the device sets no InterruptStatus bits and ignores InterruptACK.
 */
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
