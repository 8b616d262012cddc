/**
 * The host-side mapper (Linux drivers/vfio/pci/virtio,
 * docs/linux-qemu-vfio.md#vfio-virtio-vf-driver-legacy-io-bar): it presents a
 * transitional VF's virtual I/O BAR0 to a guest and turns each access into a legacy admin command
 * on the PF, except Queue Notify (offset 16), which it writes straight to the VF's notification
 * address. Accesses to one VF are serialised (vfio's per-VF lock: the next waits for the previous
 * admin completion); different VFs proceed concurrently, interleaved by the scheduler.
 *
 * State: the core `mapper` holds only VFs with accesses in progress (so the scheduler's menu
 * costs O(busy VFs), not O(VFs)); the notification address vfio learns at open lives in
 * `fns[i].mapper`, so a re-created VF starts without one (vfio re-derives it per open).
 */
export interface GuestAccess {
  /** Run-wide sequence number of the access. */
  id: number;
  /** Scenario tag ('' = untagged). Admin commands the mapper sends carry it, so `pin` works. */
  tag: string;
  write: boolean;
  /** Offset in the virtual BAR0. */
  offset: number;
  size: number;
  /** Value written (writes). */
  value: number;
  /** The VF incarnation the guest's vfio device belonged to: a re-created VF is another device. */
  incarnation: number;
}

export interface MapperVf {
  /** Accesses not yet answered; the head is the one in progress. */
  queue: GuestAccess[];
  /** cid of the admin command the head is waiting for, or -1. */
  inflight: number;
  /** What that command is for: the access itself, or learning the notify address first. */
  purpose: 'access' | 'notify-info';
  /** This VF's index in `MapperState.busy` (O(1) removal: swap with the last entry). */
  slot: number;
}

/** What the guest saw for a tagged access (`expect: state` on mapper.done.<tag>). */
export interface IoResult {
  fn: number;
  write: boolean;
  offset: number;
  size: number;
  ok: boolean;
  /** Reads: the value (little-endian), when it fits a JS integer exactly (size <= 6). */
  value?: number;
  /** Reads: the bytes, hex. */
  data?: string;
  /** Failures: the errno the PIO access returns (Linux: -status of the admin command, EIO, ...). */
  errno?: string;
}

export interface MapperState {
  /**
   * The busy VFs' entries, indexed by function (`vfs[fn]`, one slot per function like `fns`),
   * null for an idle VF. A dense list, not an object keyed by VF: V8 keeps such an object in
   * dictionary mode, where each add or delete of a key is a runtime call (~100 ns), which was a
   * sixth of a legacy trace's fold. Users see the map from VF (and the cid -> VF map of the
   * commands in flight) that it stands for: ./table.ts.
   */
  vfs: (MapperVf | null)[];
  /**
   * The busy VFs, as an array so the scheduler's menu needs no scan of `vfs`. Order: arrival,
   * except that a VF leaving swaps the last entry into its place (deterministic, O(1)).
   */
  busy: number[];
  nextId: number;
  done: Record<string, IoResult>;
}

export interface MapperFnState {
  /** VF BAR (1..5) holding the notification address NOTIFY_INFO reported; 0 = not learned. */
  notifyBar: number;
  notifyOffset: number;
}

/** `functions`: the device's function count (TotalVFs + 1), the length of `vfs`. */
export function initialMapper(functions: number): MapperState {
  return { vfs: idleTable(functions), busy: [], nextId: 0, done: {} };
}

/** `n` idle slots, pushed one by one: a packed list, which V8 reads fastest. */
export function idleTable(n: number): (MapperVf | null)[] {
  const vfs: (MapperVf | null)[] = [];
  for (let i = 0; i < n; i++) vfs.push(null);
  return vfs;
}

export function initialMapperFn(): MapperFnState {
  return { notifyBar: 0, notifyOffset: 0 };
}
