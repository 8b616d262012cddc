/**
 * Legacy interface constants exactly as the virtio spec and Linux name them:
 * - virtio 1.4 §4.1.4.10 Legacy Interfaces: A Note on PCI Device Layout (the legacy I/O BAR0;
 *   Linux include/uapi/linux/virtio_pci.h VIRTIO_PCI_*);
 * - virtio 1.4 §2.12.1.1 Legacy Interfaces (NOTIFY_INFO flags; Linux
 *   VIRTIO_ADMIN_CMD_NOTIFY_INFO_*).
 * Register widths are in bytes; all data moved by the admin commands is little-endian.
 */

/** Device (host) features, bits 0-31. R. */
export const VIRTIO_PCI_HOST_FEATURES = 0;
/** Driver (guest) features, bits 0-31. RW. */
export const VIRTIO_PCI_GUEST_FEATURES = 4;
/** Guest physical address of the selected queue >> VIRTIO_PCI_QUEUE_ADDR_SHIFT; 0 deactivates. RW. */
export const VIRTIO_PCI_QUEUE_PFN = 8;
/** Size of the selected queue (read-only in legacy). R. */
export const VIRTIO_PCI_QUEUE_NUM = 12;
/** Queue select. RW. */
export const VIRTIO_PCI_QUEUE_SEL = 14;
/** Queue notify: write a queue index. */
export const VIRTIO_PCI_QUEUE_NOTIFY = 16;
/** Device status; writing 0 resets the device. RW. */
export const VIRTIO_PCI_STATUS = 18;
/** ISR status; a read returns it and clears it. R. */
export const VIRTIO_PCI_ISR = 19;
/** config_msix_vector: present only while MSI-X is enabled. RW. */
export const VIRTIO_MSI_CONFIG_VECTOR = 20;
/** queue_msix_vector (for the selected queue): present only while MSI-X is enabled. RW. */
export const VIRTIO_MSI_QUEUE_VECTOR = 22;

/** `VIRTIO_PCI_CONFIG_OFF(msix_enabled)`: where device-specific config starts in BAR0. */
export function VIRTIO_PCI_CONFIG_OFF(msixEnabled: boolean): number {
  return msixEnabled ? 24 : 20;
}

/** Legacy split ring: PFN = guest physical address >> 12, 4096-byte alignment. */
export const VIRTIO_PCI_QUEUE_ADDR_SHIFT = 12;
export const VIRTIO_PCI_VRING_ALIGN = 4096;

// struct virtio_pci_legacy_notify_info (16 bytes): u8 flags; u8 bar; u8 padding[6]; le64 offset.
export const VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_END = 0x0;
/** The notification address is in a BAR of the owner (the PF's PCI header BARs). */
export const VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_DEV = 0x1;
/** Despite the Linux name, the *member* (VF BARn of the SR-IOV capability). */
export const VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM = 0x2;
export const VIRTIO_ADMIN_CMD_MAX_NOTIFY_INFO = 4;
export const NOTIFY_INFO_ENTRY_BYTES = 16;
export const NOTIFY_INFO_OFF_FLAGS = 0;
export const NOTIFY_INFO_OFF_BAR = 1;
export const NOTIFY_INFO_OFF_OFFSET = 8;

// struct virtio_admin_cmd_legacy_{common_cfg,dev_reg}_wr_data: u8 offset; u8 reserved[7]; u8 data[].
export const LEGACY_WR_OFF_OFFSET = 0;
export const LEGACY_WR_OFF_DATA = 8;
// struct virtio_admin_cmd_legacy_*_rd_data: u8 offset (Linux sends exactly this byte: a 25-byte readable part).
export const LEGACY_RD_OFF_OFFSET = 0;
