/**
 * Notifications and the device status (virtio 1.4 §2.1 Device Status Field, device requirements;
 * virtio 1.4 §2.4 Device Reset; docs/ambiguities.md#a19-notifications-before-driver_ok). The rule
 * reads the status registers itself — the PF's, a VF's (the register its legacy interface shows at
 * offset 18), the mmio device's — and never asks the device whether it may notify.
 */
import type { Event } from '../domain/events.js';
import { VIRTIO_CONFIG_S_DRIVER_OK } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Rule } from './framework.js';

/** The status register of the function a raise is for: fn -1 = the mmio device. */
function statusOf(s: Readonly<TwinState>, fn: number): number {
  if (fn < 0) return s.mmio?.status ?? 0;
  return fn === 0 ? s.pf.status : (s.fns[fn]?.legacy.status ?? 0);
}

/** The raise an event starts, as (function, source), or null. */
function raise(e: Event): { fn: number; source: 'config' | number } | null {
  if (e.type === 'irq/raised') return { fn: e.fn, source: e.source };
  if (e.type === 'mmio/raised') return { fn: -1, source: e.source };
  return null;
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
    const r = raise(e);
    if (!r) return;
    const status = statusOf(s, r.fn);
    const who = r.fn < 0 ? 'the mmio device' : r.fn === 0 ? 'the PF' : `VF ${r.fn}`;
    const what = r.source === 'config' ? 'a configuration change' : `a used buffer on queue ${r.source}`;
    if (status === 0) report(`${who} notified ${what} with device status 0 (reset, not initialised again)`);
    else if (r.source !== 'config' && !(status & VIRTIO_CONFIG_S_DRIVER_OK)) {
      report(`${who} notified ${what} with device status 0x${status.toString(16)}, before DRIVER_OK`);
    }
  },
};

export const NOTIFY_RULES: readonly Rule[] = [noNotifyBeforeDriverOk];
