/** VF MSI-X provisioning events (the VTWIN_EXT_VF_MSIX_* extension; README "Interrupts"). */
export type ProvisionEvent =
  /** SR-IOV enable: every VF 1..numVFs gets `count` table entries from the pool. */
  | { type: 'provision/defaults'; fn: -1; numVFs: number; count: number }
  /** A VTWIN_EXT_VF_MSIX_SET took effect: VF `fn` now has `count` entries (fresh, masked). */
  | { type: 'provision/set'; fn: number; count: number }
  /** SR-IOV disable: the VFs are gone and the whole pool is free again. */
  | { type: 'provision/released' };
