/**
 * What a capture says happened, in capture order, independent of its format: the planners
 * (./qemu/plan.ts, ./capture/plan.ts) turn lines into steps, the shadow runner (./shadow.ts) turns
 * steps into twin commands and compares every observation with the twin's prediction. `fn` is a
 * function number (0 = PF, n = VF n); `line` the 1-based capture line the step comes from.
 */

/** The source of an interrupt: the config-change event or a virtqueue index. */
export type IrqSource = 'config' | number;

export type Step =
  /** A guest access to VF `fn`'s virtual I/O BAR0 through the host mapper; a read carries the value seen. */
  | { k: 'io'; line: number; fn: number; write: boolean; offset: number; size: number; value: number }
  /** MSI-X capability and table writes by the function's driver. */
  | {
      k: 'msix';
      line: number;
      fn: number;
      op: 'enable' | 'disable' | 'mask' | 'unmask' | 'fmask' | 'funmask';
      vector?: number;
    }
  /** A table entry's message (address/data), as the driver left it after this write. */
  | { k: 'program'; line: number; fn: number; vector: number; addrLo: number; addrHi: number; data: number }
  /** The driver mapped `source` to `vector`; `readBack`: what reading it back returned, when seen. */
  | { k: 'map'; line: number; fn: number; source: IrqSource; vector: number; readBack: number | null }
  /** A Message Control read: the value seen. */
  | { k: 'msixRead'; line: number; fn: number; value: number }
  /** A Pending Bit Array read: 32 bits of word `word`. */
  | { k: 'pbaRead'; line: number; fn: number; word: number; value: number }
  /**
   * An interrupt the capture saw: an MSI-X message on `vector` (or INTx), or with `pending` the
   * vector's pending bit set instead (null: the capture cannot tell). `vector` null: the device
   * raised `source` and sent nothing. `source` null: infer it from the vector mapping.
   */
  | {
      k: 'irq';
      line: number;
      fn: number;
      vector: number | 'intx' | null;
      source: IrqSource | null;
      pending: boolean | null;
    }
  /** SR-IOV: VF Enable set with NumVFs, or cleared. */
  | { k: 'sriov'; line: number; op: 'enable' | 'disable'; numVFs: number }
  /** The capture saw `numVFs` VFs created by VF Enable. */
  | { k: 'vfsCreated'; line: number; numVFs: number }
  /** PF device status written (0 resets); `value` with DRIVER_OK newly set completes the PF's bring-up. */
  | { k: 'pfStatus'; line: number; value: number }
  /** PF device status read: the value seen. */
  | { k: 'pfStatusRead'; line: number; value: number }
  /** VF `fn`'s own driver wrote its device status (0 resets the VF). */
  | { k: 'vfStatus'; line: number; fn: number; value: number }
  /** VF `fn`'s device status read: the value seen. */
  | { k: 'vfStatusRead'; line: number; fn: number; value: number }
  /** A PF reset other than a status write (FLR, hot reset). */
  | { k: 'pfReset'; line: number }
  /** An admin command made available on `queue`; `id` names it until its completion. */
  | { k: 'submit'; line: number; queue: number; id: string; raw: string; resultBytes: number }
  /** The device returned command `id`: what the capture saw it write. */
  | {
      k: 'complete';
      line: number;
      queue: number;
      id: string;
      status: number;
      qualifier: number;
      result: string;
      usedLen: number;
    }
  /** A 16-bit write to BAR `bar` of function `fn` (a driver notification if that is a notify address). */
  | { k: 'notify'; line: number; fn: number; bar: number; offset: number; value: number };

export type StepKind = Step['k'];

/** A value the device defines, adopted from its first observation (README "Captured traces"). */
export interface Assumption {
  what: string;
  value: string | number | boolean;
  /** The capture line it was adopted from; null when nothing in the capture shows it. */
  line: number | null;
}
