/**
 * EXTENSION (never merged): "virtio-net: introduce admin control virtqueue" (Jason Wang, V2,
 * virtio-comment, January 2021; docs/extensions.md#virtio-net-admin-control). The proposal gives
 * the PF a control channel that carries `struct virtio_net_admin_ctrl { u32 virtual_device_id;
 * struct virtio_net_ctrl ctrl; }`, reserves virtual_device_id 0 for the management device (PF)
 * itself, and adds a "trust" command that decides whether a VF's own control virtqueue is honoured.
 *
 * The twin carries it as an admin command in the free opcode range (0x13-0x7FFF, virtio_admin_cmd
 * format), numbered from 0x0100 so it stays clear of the MSI-X provisioning extension:
 *
 * | off | size | field (command_specific_data)                                  |
 * |-----|------|----------------------------------------------------------------|
 * | 0   | 4    | le32 virtual_device_id (0 = the PF, n = VF n)                   |
 * | 4   | 1    | u8 class   (virtio_net_ctrl.class)                              |
 * | 5   | 1    | u8 command (virtio_net_ctrl.command)                            |
 * | 6   | 2    | u8 reserved[2] (keeps data 8-byte aligned in the admin framing) |
 * | 8   | ...  | u8 data[]  (virtio_net_ctrl.data, as the spec's class defines)  |
 *
 * command_specific_result: `u8 ack (VIRTIO_NET_OK / VIRTIO_NET_ERR); u8 reserved[7]`.
 * Addressing: group_type SR-IOV + group_member_id = n for VF n; group_type Self + member 0 for
 * the PF. virtual_device_id must equal that address (else EINVAL / INVALID_FIELD), so the admin
 * queue's lifecycle checks (VF Enable, NumVFs, memberIncarnation) apply to it unchanged.
 * The proposal's numbers for the trust class were not verifiable; 0x80 is the twin's choice.
 */
export const EXT_NET_ADMIN_CTRL = 0x0100;
export const EXT_NET_ADMIN_CTRL_NAME = 'EXT_NET_ADMIN_CTRL';

export const EXT_NET_OFF_VDID = 0;
export const EXT_NET_OFF_CLASS = 4;
export const EXT_NET_OFF_COMMAND = 5;
export const EXT_NET_OFF_DATA = 8;
export const EXT_NET_RESULT_BYTES = 8;

/** Extension class "admin": only accepted through the PF's admin path, never on a VF's own cvq. */
export const EXT_NET_CTRL_ADMIN = 0x80;
/** `u8 trusted`: 1 = the VF's own control virtqueue is honoured, 0 = refused. */
export const EXT_NET_CTRL_ADMIN_TRUST_SET = 0;
