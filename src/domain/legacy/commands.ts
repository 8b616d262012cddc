/** Commands of the legacy area (scenario ops). */
export type LegacyCommand =
  /** The guest driver makes `count` buffers available on `queue` of VF `fn` (no notify yet). */
  | { op: 'guest.queue.add'; fn: number; queue: number; count?: number }
  /**
   * The host writes the le16 `value` at `offset` of BAR `bar` of function `fn` (0 = PF): a driver
   * notification if that is an address LEGACY_NOTIFY_INFO reported.
   */
  | { op: 'notify.write'; fn: number; bar: number; offset: number; value: number }
  /** The device sets DEVICE_NEEDS_RESET on VF `fn` (an internal error). */
  | { op: 'device.needsReset'; fn: number }
  /**
   * VF `fn`'s own driver writes its device status (the VF's status register, which its legacy
   * interface shows at offset 18): 0 resets the VF.
   */
  | { op: 'vf.status'; fn: number; value: number };
