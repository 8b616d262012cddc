/**
 * Driver binding and host / VFIO events (README "Interrupts";
 * docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu).
 */
export type ExhaustionOutcome = 'stop-guest' | 'report-error' | 'silent';

export type HostEvent =
  /** A driver bound to the VF; the function starts from a reset interrupt state (vfio: FLR at open). */
  | { type: 'vf/bound'; fn: number; driver: string }
  /** The driver's remove ran: MSI-X disabled, every entry masked, events unmapped (device reset). */
  | { type: 'vf/unbound'; fn: number }
  /** Guest MSI-X enable: the host enabled MSI-X with entries 0..count-1 (IMS: every entry, default PASID). */
  | { type: 'host/allocated'; fn: number; count: number; pasid: number | null }
  /** request_irq for an entry succeeded (allocating it first under dynamic MSI-X). */
  | { type: 'host/irqRequested'; fn: number; vector: number }
  /** request_irq failed (the budget is exhausted); `outcome` is what the host does about it. */
  | { type: 'host/requestFailed'; fn: number; vector: number; errno: string; outcome: ExhaustionOutcome }
  /** The host stopped the guest that owns this VF, with a reason. */
  | { type: 'host/guestStopped'; fn: number; reason: string }
  /** The host reported a failed vector to the guest and left the entry masked. */
  | { type: 'host/errorReported'; fn: number; vector: number; errno: string }
  /** Every host vector of the VF freed (guest MSI-X disable, unbind); the budget gets them back. */
  | { type: 'host/released'; fn: number }
  /** NORESIZE growth: every host vector torn down; re-created by the host.resize work item. */
  | { type: 'host/resizeStarted'; fn: number; vector: number; size: number; tag: string }
  /** The host re-enabled MSI-X with `size` vectors and re-armed the handlers it had. */
  | { type: 'host/resizeDone'; fn: number; size: number }
  /** The device sent a message the host had no handler for: the guest never sees it. */
  | { type: 'host/irqLost'; fn: number; vector: number; source: 'config' | number | 'pba';
    reason: 'resize-window' | 'no-handler' }
  /** IMS: the guest's PASID request for an entry; `programmed` = the started IMS entry was rewritten. */
  | { type: 'host/pasidSet'; fn: number; vector: number; pasid: number; programmed: boolean };
