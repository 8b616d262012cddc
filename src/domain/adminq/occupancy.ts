/** How full the admin queues are: what the driver's submit path and the fuzzer's menu look at. */
import type { AqQueue, AqState } from './types.js';

/** Commands occupying descriptors on a queue: not yet reaped by the driver. */
export function queueOccupancy(q: AqQueue): number {
  return q.pending.length + q.used.length;
}

/** Commands submitted but not yet completed by the device, across all queues. */
export function outstandingCount(aq: AqState): number {
  let n = 0;
  for (const q of aq.queues) n += q.pending.length;
  return n;
}
