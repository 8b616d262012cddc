/**
 * The host / VFIO side of a passthrough VF
 * (docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu;
 * docs/linux-qemu-vfio.md#host-vector-exhaustion). A VF bound to a vfio driver belongs to a guest:
 * its MSI-X operations are the guest's, trapped by the host, which backs each guest vector with a
 * host IRQ:
 *
 * - guest MSI-X enable -> the host enables MSI-X and allocates vectors (no CPU vector yet: tglx,
 *   "pci_msix_enable consumes exactly zero CPU vectors"); with IMS, every entry up front with the
 *   default PASID;
 * - guest unmask of an entry -> request_irq, which takes one CPU vector from the budget shared by
 *   all VFs (`hostIrqBudget`) and can fail: the outcome is the `hostExhaustion` policy;
 * - growing beyond the allocated vectors: `dynamic` adds one while enabled; `disable-reenable`
 *   (NORESIZE) tears every host vector down and re-creates them, a window (a `host.resize` work
 *   item) in which a message on an active vector reaches no handler and is lost.
 *
 * Per-VF host state lives in fns[i].host; the core keeps the budget in use and the VFs whose
 * resize window is open (so listing ready work never scans VFs).
 */
export interface HostFnState {
  /** Host vectors allocated (MSI-X block or dynamically added), packed per entry. */
  alloc: number[];
  /** Entries with a host IRQ handler (request_irq done: one CPU vector each), packed. */
  req: number[];
  /** An open disable/re-enable window: the entry being added, the new block size, the tag. */
  resize: { vector: number; size: number; tag: string } | null;
  /** Why the host stopped this VF's guest ('' = running). */
  stopped: string;
  /** IMS only: msi_desc id (PASID) per entry, set at allocation and by set-PASID requests. */
  pasid: number[];
  /** IMS only: the PASID written into each IMS entry at startup (-1 = entry not started). */
  imsPasid: number[];
}

export interface HostCore {
  /** CPU vectors held by request_irq across all passthrough VFs. */
  used: number;
  /** VFs with an open resize window, ascending. */
  resizing: number[];
}

export function initialHostFn(): HostFnState {
  return { alloc: [], req: [], resize: null, stopped: '', pasid: [], imsPasid: [] };
}

export function initialHostCore(): HostCore {
  return { used: 0, resizing: [] };
}

/** Why a message on a passthrough VF's vector reached no guest handler (./passthrough.ts). */
export type LossReason = 'resize-window' | 'no-handler';
