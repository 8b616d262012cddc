/**
 * Constants exactly as the virtio specification (v1.4, oasis-tcs/virtio-spec) and Linux's
 * include/uapi/linux/virtio_pci.h / virtio_config.h name them. Section titles are the spec's.
 * Nothing here is invented. The other spec areas have their own files here (./legacy.ts, ./net.ts,
 * ./blk.ts, ./mmio.ts, ./pci.ts). Extensions the spec never merged are not in spec/: each lives
 * with its area and says so (../net/extension.ts, ../mmio/extension.ts, ../provision/handlers.ts).
 */

// "Device Status Field"
export const VIRTIO_CONFIG_S_ACKNOWLEDGE = 1;
export const VIRTIO_CONFIG_S_DRIVER = 2;
export const VIRTIO_CONFIG_S_DRIVER_OK = 4;
export const VIRTIO_CONFIG_S_FEATURES_OK = 8;
export const VIRTIO_CONFIG_S_SUSPEND = 16;
export const VIRTIO_CONFIG_S_NEEDS_RESET = 0x40;
export const VIRTIO_CONFIG_S_FAILED = 0x80;

// "Reserved Feature Bits"
export const VIRTIO_F_VERSION_1 = 32;
export const VIRTIO_F_SR_IOV = 37;
export const VIRTIO_F_ADMIN_VQ = 41;

// "Device groups": group types
export const VIRTIO_ADMIN_GROUP_TYPE_SELF = 0x0;
export const VIRTIO_ADMIN_GROUP_TYPE_SRIOV = 0x1;

// virtio 1.4 §2.12.1 Group administration commands: opcodes (the opcode table)
export const VIRTIO_ADMIN_CMD_LIST_QUERY = 0x0;
export const VIRTIO_ADMIN_CMD_LIST_USE = 0x1;
export const VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE = 0x2;
export const VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ = 0x3;
export const VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE = 0x4;
export const VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ = 0x5;
export const VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO = 0x6;
export const VIRTIO_ADMIN_CMD_CAP_ID_LIST_QUERY = 0x7;
export const VIRTIO_ADMIN_CMD_DEVICE_CAP_GET = 0x8;
export const VIRTIO_ADMIN_CMD_DRIVER_CAP_SET = 0x9;
export const VIRTIO_ADMIN_CMD_RESOURCE_OBJ_CREATE = 0xa;
/**
 * The spec's table says QUERY = 0xb, its prose says 0xc; the table is used
 * (docs/ambiguities.md#a1-resource_obj_query-and-resource_obj_modify-opcode-numbers).
 */
export const VIRTIO_ADMIN_CMD_RESOURCE_OBJ_QUERY = 0xb;
export const VIRTIO_ADMIN_CMD_RESOURCE_OBJ_MODIFY = 0xc;
export const VIRTIO_ADMIN_CMD_RESOURCE_OBJ_DESTROY = 0xd;
export const VIRTIO_ADMIN_CMD_DEV_PARTS_METADATA_GET = 0xe;
export const VIRTIO_ADMIN_CMD_DEV_PARTS_GET = 0xf;
export const VIRTIO_ADMIN_CMD_DEV_PARTS_SET = 0x10;
export const VIRTIO_ADMIN_CMD_DEV_MODE_SET = 0x11;
/** First opcode of the free range that keeps the virtio_admin_cmd format (0x13-0x7FFF). */
export const VIRTIO_ADMIN_CMD_FREE_FIRST = 0x13;
export const VIRTIO_ADMIN_CMD_FREE_LAST = 0x7fff;

// "Group administration commands": status (values equal Linux errnos)
export const VIRTIO_ADMIN_STATUS_OK = 0;
export const VIRTIO_ADMIN_STATUS_ENXIO = 6;
export const VIRTIO_ADMIN_STATUS_EAGAIN = 11;
export const VIRTIO_ADMIN_STATUS_ENOMEM = 12;
export const VIRTIO_ADMIN_STATUS_EBUSY = 16;
/**
 * Used by the resource-object text but missing from the status table
 * (docs/ambiguities.md#a2-status-names-missing-from-the-status-table).
 */
export const VIRTIO_ADMIN_STATUS_EEXIST = 17;
export const VIRTIO_ADMIN_STATUS_EINVAL = 22;
export const VIRTIO_ADMIN_STATUS_ENOSPC = 28;

// status_qualifier
export const VIRTIO_ADMIN_STATUS_Q_OK = 0x0;
export const VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND = 0x1;
export const VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE = 0x2;
export const VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD = 0x3;
export const VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP = 0x4;
export const VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER = 0x5;
export const VIRTIO_ADMIN_STATUS_Q_NORESOURCE = 0x6;
export const VIRTIO_ADMIN_STATUS_Q_TRYAGAIN = 0x7;

// struct virtio_admin_cmd layout: 24-byte readable header, 8-byte writable status block.
export const ADMIN_CMD_HDR_BYTES = 24;
export const ADMIN_CMD_STATUS_BYTES = 8;
export const ADMIN_HDR_OFF_OPCODE = 0;
export const ADMIN_HDR_OFF_GROUP_TYPE = 2;
export const ADMIN_HDR_OFF_MEMBER = 16;
export const ADMIN_STATUS_OFF_STATUS = 0;
export const ADMIN_STATUS_OFF_QUALIFIER = 2;

// "MSI-X Vector Configuration"
export const VIRTIO_MSI_NO_VECTOR = 0xffff;
export const VIRTIO_MSI_MAX_VECTORS = 0x800;

// "ISR status capability": bit 0 queue interrupt, bit 1 device configuration interrupt.
export const ISR_QUEUE = 0x1;
export const ISR_CONFIG = 0x2;

// "Common configuration structure layout" (64 bytes with admin queue fields)
export const VIRTIO_PCI_COMMON_CFG_BYTES = 64;
export const VIRTIO_PCI_COMMON_ADM_Q_IDX = 60;
export const VIRTIO_PCI_COMMON_ADM_Q_NUM = 62;
