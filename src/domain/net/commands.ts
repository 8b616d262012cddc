/** Commands of the virtio-net control area (scenario ops). */
import type { NetCtrlArgs } from './ctrl.js';

export type NetCommand =
  /** A function's driver sends a control command on its own control virtqueue (fn 0 = the PF's). */
  | ({ op: 'guest.cvq'; fn: number; tag?: string } & NetCtrlArgs)
  /**
   * The PF driver's barrier for VF `fn` (the driver-side sync with VF teardown of
   * docs/extensions.md#virtio-net-admin-control): every net command submitted before it belongs to
   * the VF's past; their failures may be ignored.
   */
  | { op: 'net.barrier'; fn: number };
