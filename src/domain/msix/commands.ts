/**
 * Interrupt commands (README "Steps" plus this area's additions in README "Interrupts"). `fn` is
 * numeric: 0 = PF, i = VF i (scenario files may write "pf"). On a VF bound to a vfio driver these
 * are the guest's accesses, trapped by the host.
 */
export type MsixCommand =
  /** Message Control bit 15 (MSI-X Enable) set / cleared. */
  | { op: 'msix.enable'; fn: number }
  | { op: 'msix.disable'; fn: number }
  /** Vector Control mask bit of one entry set / cleared. `tag` names host work it starts (pins). */
  | { op: 'msix.mask'; fn: number; vector: number }
  | { op: 'msix.unmask'; fn: number; vector: number; tag?: string }
  /** Message Control bit 14 (Function Mask). */
  | { op: 'msix.functionMask'; fn: number; masked: boolean }
  /** Message address/data of an entry (honoured only while masked). */
  | { op: 'msix.program'; fn: number; vector: number; addrLo: number; addrHi?: number; data: number }
  /** Read Message Control (Table Size N-1, Function Mask, Enable). */
  | { op: 'msix.readControl'; fn: number }
  /** Write config_msix_vector (queue "config") or queue_msix_vector of a queue. */
  | { op: 'vector.map'; fn: number; queue: number | 'config'; vector: number }
  /** The device raises a used-buffer interrupt for a queue / a config-change interrupt. */
  | { op: 'device.notify'; fn: number; queue: number }
  | { op: 'device.configChange'; fn: number }
  /** The driver reads ISR status (returns and clears it). */
  | { op: 'isr.read'; fn: number };

export type HostCommand =
  /** A driver binds to / unbinds from a VF ("vfio-pci" and other vfio drivers = passthrough). */
  | { op: 'vf.bind'; fn: number; driver: string }
  | { op: 'vf.unbind'; fn: number }
  /** IMS: the guest asks for a PASID on an entry (docs/linux-qemu-vfio.md#ims-and-pasids). */
  | { op: 'host.setPasid'; fn: number; vector: number; pasid: number };

export type MmioCommand =
  /**
   * A driver access to the virtio-mmio device's registers (offsets as virtio 1.4 §4.2 Virtio Over
   * MMIO and the MSI proposal, docs/extensions.md#virtio-mmio-msi).
   */
  | { op: 'mmio.write'; offset: number; value: number }
  | { op: 'mmio.read'; offset: number }
  /** The mmio device raises a used-buffer interrupt for a queue / a config-change interrupt. */
  | { op: 'mmio.notify'; queue: number }
  | { op: 'mmio.configChange' };
