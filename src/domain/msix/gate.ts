/**
 * When the device may notify at all, by the device status of the function (or the mmio device)
 * it would notify (docs/ambiguities.md#a19-notifications-before-driver_ok).
 */
import { VIRTIO_CONFIG_S_DRIVER_OK } from '../spec/constants.js';
import type { TwinState } from '../state.js';

/**
 * A PCI function's device status: the PF's, or a VF's (one register, which the VF's legacy
 * interface shows at offset 18 and its own driver writes with `vf.status`).
 */
export function functionStatus(s: Readonly<TwinState>, fn: number): number {
  return fn === 0 ? s.pf.status : (s.fns[fn]?.legacy.status ?? 0);
}

/**
 * Why the device may not send a notification from `source` now, or null. virtio 1.4 §2.1 Device
 * Status Field: no used-buffer notification before DRIVER_OK. virtio 1.4 §2.4 Device Reset: no
 * notification at all while the status reads 0 after a reset, until the driver initialises the
 * device again; a configuration change once the driver has begun that (any status bit) is
 * allowed (docs/ambiguities.md#a19-notifications-before-driver_ok).
 */
export function notifyProblem(status: number, source: 'config' | number, who: string): string | null {
  if (source === 'config') {
    return status === 0 ? `${who} device status is 0 (reset, not initialised again): a device sends no notification ` +
      'then (virtio 1.4 §2.4 Device Reset)' : null;
  }
  return status & VIRTIO_CONFIG_S_DRIVER_OK ? null : `${who} device status 0x${status.toString(16)} has no ` +
    'DRIVER_OK: a device sends no used-buffer notification before it (virtio 1.4 §2.1 Device Status Field)';
}
