/**
 * Notifications and the device status (virtio 1.4 §2.1 Device Status Field, device requirements;
 * virtio 1.4 §2.4 Device Reset; docs/ambiguities.md#a19-notifications-before-driver_ok). The rule
 * reads the status registers itself — the PF's, a VF's (the register its legacy interface shows at
 * offset 18), the mmio device's — and never asks the device whether it may notify.
 */
import { VIRTIO_CONFIG_S_DRIVER_OK } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Rule } from './framework.js';

/** The status register of the function a raise is for: fn -1 = the mmio device. */
function statusOf(s: Readonly<TwinState>, fn: number): number {
  if (fn < 0) return s.mmio?.status ?? 0;
  return fn === 0 ? s.pf.status : (s.fns[fn]?.legacy.status ?? 0);
}

export const noNotifyBeforeDriverOk: Rule = {
  id: 'device.irq.no-notify-before-driver-ok',
  actor: 'device',
  section: 'virtio 1.4 §2.1 Device Status Field / Device Requirements — no used buffer notifications before ' +
    'DRIVER_OK; virtio 1.4 §2.4 Device Reset — no notifications after a reset until the driver initialises the ' +
    'device again',
  kind: 'safety',
  description: 'The device sends no used-buffer notification to a function (or mmio device) whose status lacks ' +
    'DRIVER_OK, and no notification at all while its status is 0.',
  on: ['irq/raised', 'mmio/raised'],
  before: (s, e, _m, report) => {
    if (e.type !== 'irq/raised' && e.type !== 'mmio/raised') return;
    // The raise's function: -1 = the mmio device.
    const fn = e.type === 'irq/raised' ? e.fn : -1;
    const status = statusOf(s, fn);
    const early = status !== 0 && e.source !== 'config' && !(status & VIRTIO_CONFIG_S_DRIVER_OK);
    if (status !== 0 && !early) return;
    const who = fn < 0 ? 'the mmio device' : fn === 0 ? 'the PF' : `VF ${fn}`;
    const what = e.source === 'config' ? 'a configuration change' : `a used buffer on queue ${e.source}`;
    if (status === 0) report(`${who} notified ${what} with device status 0 (reset, not initialised again)`);
    else report(`${who} notified ${what} with device status 0x${status.toString(16)}, before DRIVER_OK`);
  },
};

export const NOTIFY_RULES: readonly Rule[] = [noNotifyBeforeDriverOk];
