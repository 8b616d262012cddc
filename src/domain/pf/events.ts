/** PF events ("Device Status Field", "Device Reset"). */
export type PfEvent =
  /** The driver wrote a non-zero device_status (the device keeps what it accepts). */
  | { type: 'pf/statusWritten'; value: number }
  /** Features the driver accepted (bit numbers, ascending). */
  | { type: 'pf/featuresNegotiated'; features: number[] }
  /**
   * The reset completed (device_status reads 0): queues gone, admin in-use sets back to
   * {QUERY, USE}, every config/queue vector unmapped, the PF's net control state (RX mode, MAC
   * and VLAN tables, queue pairs) cleared. Aborted commands precede it as aq/aborted.
   */
  | { type: 'pf/reset'; fn: 0 };
