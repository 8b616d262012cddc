/** SR-IOV group events (PCIe SR-IOV capability; virtio "Device groups", group type 1). */
export type SriovEvent =
  /** VF Enable set with NumVFs = numVFs: VFs 1..numVFs are created, each a new incarnation. */
  | { type: 'sriov/enabled'; numVFs: number; fn: -1 }
  /** VF Enable cleared: every VF is destroyed (the group ceases to exist). */
  | { type: 'sriov/disabled'; fn: -1 }
  /** The PF driver / PCI core refused the request; nothing changed. `errno` as Linux returns it. */
  | { type: 'sriov/refused'; numVFs: number; errno: string; reason: string };
