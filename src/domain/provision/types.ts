/**
 * VF MSI-X provisioning (EXTENSION: docs/extensions.md#vf-msi-x-provisioning; the 2022 proposal
 * "Provision maximum MSI-X vectors for a VF" was never merged; Linux sriov_vf_msix_count /
 * sriov_vf_total_msix, docs/linux-qemu-vfio.md#vf-msi-x-count-sriov_vf_msix_count). The PF owns a
 * pool of `vfMsixPool` vectors for its VFs; every live VF's Table Size is drawn from it and the
 * pool is never over-committed. The count lives in each VF's `msix.tableSize`; the core keeps the
 * sum.
 */
import type { DeviceConfig } from '../config.js';

export interface VfMsixPool {
  /** Sum of the live VFs' Table Sizes: what the pool has handed out. */
  assigned: number;
  /** The count every VF got at the last SR-IOV enable (a SET with count 0 restores it). */
  defaultCount: number;
}

export function initialPool(config: DeviceConfig): VfMsixPool {
  return { assigned: 0, defaultCount: config.vfMsixVectors };
}
