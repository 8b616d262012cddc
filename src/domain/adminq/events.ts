/** Admin virtqueue events ("Administration Virtqueues"). */
import type { AqCommand } from './types.js';

/** What the driver knew when it submitted: the command as it enters the state, minus the phase. */
type Submitted = Pick<AqCommand, 'q' | 'cid' | 'tag' | 'req' | 'resultLen' | 'writable' | 'opcode' | 'groupType'
  | 'member' | 'incarnation' | 'epoch'>;

export type AqEvent =
  /** The PF driver placed a command on admin queue `q` (readable part `req`, hex). */
  | ({ type: 'aq/submitted' } & Submitted)
  /** The driver could not submit: ENOSPC (queue full), EIO (no admin queue / not DRIVER_OK). */
  | { type: 'aq/rejected'; q: number; tag: string; errno: string; reason: string }
  /** The device took the command from the available ring and began processing it. */
  | { type: 'aq/started'; q: number; cid: number }
  /** The device wrote the status block and result and put the buffer on the used ring. */
  | { type: 'aq/completed'; q: number; cid: number; status: number; qualifier: number; result: string; usedLen: number }
  /** The driver's completion handler reaped these used buffers (errno = -status as Linux returns). */
  | { type: 'aq/reaped'; q: number; cids: number[] }
  /** PF reset with the command not yet reaped: Linux completes it with -EIO whatever the device did. */
  | { type: 'aq/aborted'; q: number; cid: number; phase: 'submitted' | 'processing' | 'completed' }
  /** LIST_USE took effect: the in-use opcode set for a group type. */
  | { type: 'aq/inUseSet'; groupType: number; opcodes: number[] };
