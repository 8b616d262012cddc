/** virtio-net control events (spec "Control Virtqueue" classes + the admin-cvq extension). */

/** One state change a control command makes. MACs are 12 hex digits. */
export type NetChange =
  | { kind: 'rx'; flag: number; on: boolean }
  | { kind: 'mac'; mac: string }
  | { kind: 'macTable'; uni: string[]; multi: string[] }
  | { kind: 'vlanAdd'; vid: number }
  | { kind: 'vlanDel'; vid: number }
  | { kind: 'announceAck' }
  | { kind: 'vqPairs'; pairs: number }
  | { kind: 'trust'; trusted: boolean };

/** `admin` = EXT_NET_ADMIN_CTRL through the PF; `cvq` = the function's own control virtqueue. */
export type NetVia = 'admin' | 'cvq';

export type NetEvent =
  /** The device applied a control command to function `fn` (cid = the admin command, -1 for cvq). */
  | { type: 'net/applied'; fn: number; via: NetVia; cid: number; change: NetChange }
  /**
   * The device answered VIRTIO_NET_ERR and changed nothing. `errno` is what Linux's virtio-net
   * returns to its caller for an ERR ack (EINVAL).
   */
  | { type: 'net/refused'; fn: number; via: NetVia; cid: number; cls: number; cmd: number; errno: 'EINVAL';
    reason: string }
  /** A function's driver placed a command on its own control virtqueue (class, command, data hex). */
  | { type: 'net/cvqSubmitted'; fn: number; tag: string; cls: number; cmd: number; data: string }
  /** The guest's control-queue command was acked (VIRTIO_NET_OK / VIRTIO_NET_ERR). */
  | { type: 'net/cvqAcked'; fn: number; tag: string; ack: number }
  /** The PF driver's barrier for VF `fn`: commands with cid < `before` belong to the VF's past. */
  | { type: 'net/barrier'; fn: number; before: number }
  /**
   * The PF driver reaped a failure of a pre-barrier command and ignored it
   * (docs/extensions.md#virtio-net-admin-control).
   */
  | { type: 'net/staleIgnored'; fn: number; cid: number; tag: string };
