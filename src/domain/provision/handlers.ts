/**
 * Admin-command extension VTWIN_EXT_VF_MSIX_{SET,GET}: provision a VF's MSI-X Table Size through
 * the PF's admin queue. The spec never merged such a command (the 2022 series "Provision maximum
 * MSI-X vectors for a VF" was not adopted and its layout cannot be verified;
 * docs/extensions.md#vf-msi-x-provisioning), so this is the twin's own, in the free opcode range
 * that keeps the virtio_admin_cmd format. Defaults 0x30 / 0x31 sit in the first LIST_QUERY word, which is all Linux
 * reads;
 * renumber them with the device config's `extOpcodes`.
 *
 * Both: group SR-IOV, group_member_id = the VF (1..NumVFs).
 *
 * SET command_specific_data (8 bytes):
 * | off | size | field                                            |
 * |-----|------|--------------------------------------------------|
 * | 0   | 2    | le16 msix_count (0 = the default count)           |
 * | 2   | 6    | reserved                                          |
 * No result. Outcomes, in the order they are checked (Linux's PCI core, then mlx5):
 * | case                                   | status | qualifier     | Linux / mlx5 errno |
 * |----------------------------------------|--------|---------------|--------------------|
 * | a driver is bound to the VF, or its MSI-X Enable is set | EBUSY | INVALID_COMMAND | -EBUSY |
 * | msix_count < vfMsixMin                 | EINVAL | INVALID_FIELD | -EINVAL            |
 * | msix_count > vfMsixMax                 | ENOSPC | INVALID_FIELD | -EOVERFLOW         |
 * | the pool cannot cover it               | ENOSPC | NORESOURCE    | (firmware failure) |
 * The spec's status table has no EOVERFLOW: ENOSPC ("resources exhausted") is the nearest
 * value that is not EINVAL, and the qualifier tells "too many for this VF" (INVALID_FIELD) from
 * "the pool is out" (NORESOURCE). On OK the VF's Table Size reads count-1 from its next read.
 *
 * GET: no data. Result (16 bytes):
 * | 0 | 2 | le16 msix_count | 2 | 2 | le16 msix_min | 4 | 2 | le16 msix_max | 6 | 2 | reserved |
 * | 8 | 4 | le32 pool_total | 12 | 4 | le32 pool_free |
 */
import { z } from 'zod';
import type { OpcodeHandler } from '../adminq/handler.js';
import {
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_EBUSY,
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_ENOSPC,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_ADMIN_STATUS_Q_NORESOURCE,
  VIRTIO_ADMIN_STATUS_Q_OK,
} from '../spec/constants.js';
import { readLe, writeLe } from '../../wire/bytes.js';

export const VTWIN_EXT_VF_MSIX_SET = 0x30;
export const VTWIN_EXT_VF_MSIX_GET = 0x31;
export const VF_MSIX_SET_DATA_BYTES = 8;
export const VF_MSIX_GET_RESULT_BYTES = 16;

const EXTENSION = 'vtwin VF MSI-X provisioning (README "Interrupts")';
const SECTION =
  'docs/extensions.md#vf-msi-x-provisioning; docs/linux-qemu-vfio.md#vf-msi-x-count-sriov_vf_msix_count — EXTENSION: ' +
  'the 2022 proposal was never merged';

const setParams = z.strictObject({ count: z.int().min(0).max(0xffff) });

export const vfMsixSet: OpcodeHandler<z.output<typeof setParams>> = {
  opcode: VTWIN_EXT_VF_MSIX_SET,
  name: 'VTWIN_EXT_VF_MSIX_SET',
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: SECTION,
  extension: EXTENSION,
  supported: (config) => config.sriov && config.vfMsixProvisioning,
  params: setParams,
  encode: (p) => {
    const data = new Uint8Array(VF_MSIX_SET_DATA_BYTES);
    writeLe(data, 0, 2, p.count);
    return data;
  },
  resultBytes: () => 0,
  execute: ({ state, profile, hdr, data }) => {
    const vf = state.fns[hdr.member]!;
    const { config, vfMsix } = state;
    const asked = readLe(data, 0, 2);
    const count = asked === 0 ? vfMsix.defaultCount : asked;
    // Returned on errors too: the caller drops them unless a deviating profile applies them.
    const effects = [{ type: 'provision/set' as const, fn: hdr.member, count }];
    const fail = (status: number, qualifier: number) => ({ status, qualifier, effects });
    if (vf.driver !== null || vf.msix.enabled) return fail(VIRTIO_ADMIN_STATUS_EBUSY,
      VIRTIO_ADMIN_STATUS_Q_INVALID_COMMAND);
    if (asked !== 0 && count < config.vfMsixMin) return fail(VIRTIO_ADMIN_STATUS_EINVAL,
      VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD);
    if (asked !== 0 && count > config.vfMsixMax) return fail(VIRTIO_ADMIN_STATUS_ENOSPC,
      VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD);
    const after = vfMsix.assigned - vf.msix.tableSize + count;
    if (after > config.vfMsixPool && !profile.quirks.vfMsixOvercommit) {
      return fail(VIRTIO_ADMIN_STATUS_ENOSPC, VIRTIO_ADMIN_STATUS_Q_NORESOURCE);
    }
    return { status: VIRTIO_ADMIN_STATUS_OK, qualifier: VIRTIO_ADMIN_STATUS_Q_OK, effects };
  },
};

export const vfMsixGet: OpcodeHandler = {
  opcode: VTWIN_EXT_VF_MSIX_GET,
  name: 'VTWIN_EXT_VF_MSIX_GET',
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: SECTION,
  extension: EXTENSION,
  supported: (config) => config.sriov && config.vfMsixProvisioning,
  resultBytes: () => VF_MSIX_GET_RESULT_BYTES,
  execute: ({ state, hdr }) => {
    const { config, vfMsix } = state;
    const r = new Uint8Array(VF_MSIX_GET_RESULT_BYTES);
    writeLe(r, 0, 2, state.fns[hdr.member]!.msix.tableSize);
    writeLe(r, 2, 2, config.vfMsixMin);
    writeLe(r, 4, 2, config.vfMsixMax);
    writeLe(r, 8, 4, config.vfMsixPool);
    writeLe(r, 12, 4, Math.max(0, config.vfMsixPool - vfMsix.assigned));
    return { status: VIRTIO_ADMIN_STATUS_OK, qualifier: VIRTIO_ADMIN_STATUS_Q_OK, result: r };
  },
};

/** The provisioning family, for the composition root's opcode table. */
export const PROVISION_HANDLERS = [vfMsixSet, vfMsixGet] as const;

/** Decode a GET result (tests, rules, analysis). */
export function decodeVfMsixGet(r: Uint8Array): { count: number; min: number; max: number; poolTotal: number;
    poolFree: number } {
  return { count: readLe(r, 0, 2), min: readLe(r, 2, 2), max: readLe(r, 4, 2), poolTotal: readLe(r, 8, 4),
    poolFree: readLe(r, 12, 4) };
}
