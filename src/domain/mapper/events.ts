/** Host-side mapper events (virtual I/O BAR0 -> admin commands). */
import type { GuestAccess, IoResult } from './types.js';

export type MapperEvent =
  /** A guest access to VF `fn`'s virtual BAR0 joined the VF's mapper queue. */
  | { type: 'mapper/queued'; fn: number; access: GuestAccess }
  /** vfio refused the access before any admin command (out of the BAR, notify not 2 bytes, no VF). */
  | { type: 'mapper/ioRejected'; fn: number; tag: string; write: boolean; offset: number; size: number; errno: string }
  /** The mapper sent admin command `cid` for the head access of VF `fn`. */
  | { type: 'mapper/issued'; fn: number; cid: number; purpose: 'access' | 'notify-info' }
  /** NOTIFY_INFO answered: the VF's notification address (member BAR) is now known. */
  | { type: 'mapper/notifyLearned'; fn: number; cid: number; bar: number; offset: number }
  /**
   * The head access of VF `fn` finished: the guest's PIO instruction returns `value`/`data`, or
   * fails with `errno`. `cid` = the admin command that answered it (-1: none, e.g. a notify).
   */
  | ({ type: 'mapper/ioCompleted'; id: number; tag: string; cid: number } & IoResult);
