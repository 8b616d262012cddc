/** What a virtio-net function's reset does to its control state (./types.ts says what it keeps). */
import type { NetFnState } from './types.js';

/** What a device reset clears (mutates a draft). */
export function resetNetDriverState(n: NetFnState): void {
  n.rx = 0;
  n.uni = [];
  n.multi = [];
  n.vlans = [];
  n.vqPairs = 1;
}
