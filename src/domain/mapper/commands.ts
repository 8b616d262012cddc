/** Guest accesses to a transitional VF's virtual I/O BAR0 (scenario ops). */
export type MapperCommand =
  | { op: 'guest.io.read'; fn: number; offset: number; size: number; tag?: string }
  | { op: 'guest.io.write'; fn: number; offset: number; size: number; value: number; tag?: string }
  /** One untagged access per VF from..to (inclusive): "every VF touched once" without N steps. */
  | { op: 'guest.io.sweep'; from: number; to: number; offset: number; size: number; write?: boolean; value?: number };
