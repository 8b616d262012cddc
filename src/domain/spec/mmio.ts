/**
 * virtio-mmio transport registers the twin models, as the spec (virtio 1.4 §4.2 Virtio Over MMIO)
 * and Linux include/uapi/linux/virtio_mmio.h name them. The never-merged MSI
 * registers at 0x0c0-0x0dc are an extension: ../mmio/extension.ts.
 *
 * | off   | acc | register                                                         |
 * |-------|-----|------------------------------------------------------------------|
 * | 0x000 | R   | MagicValue 0x74726976 ("virt")                                   |
 * | 0x004 | R   | Version (2)                                                      |
 * | 0x008 | R   | DeviceID (1 net, 2 blk)                                          |
 * | 0x030 | W   | QueueSel                                                         |
 * | 0x060 | R   | InterruptStatus: bit 0 used buffer, bit 1 config change          |
 * | 0x064 | W   | InterruptACK: clears the bits written                            |
 * | 0x070 | RW  | Status (writing 0 resets the device)                             |
 */
export const VIRTIO_MMIO_MAGIC_VALUE = 0x000;
export const VIRTIO_MMIO_VERSION = 0x004;
export const VIRTIO_MMIO_DEVICE_ID = 0x008;
export const VIRTIO_MMIO_QUEUE_SEL = 0x030;
export const VIRTIO_MMIO_INTERRUPT_STATUS = 0x060;
export const VIRTIO_MMIO_INTERRUPT_ACK = 0x064;
export const VIRTIO_MMIO_STATUS = 0x070;

// InterruptStatus / InterruptACK bits.
export const VIRTIO_MMIO_INT_VRING = 0x1;
export const VIRTIO_MMIO_INT_CONFIG = 0x2;
/** MagicValue: "virt" in little-endian. */
export const VIRTIO_MMIO_MAGIC = 0x74726976;
