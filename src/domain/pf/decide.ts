/**
 * PF driver actions on the PF's device status ("Device Status Field", "Device Reset") and what
 * Linux does around them (docs/linux-qemu-vfio.md#pf-reset-with-commands-in-flight):
 * a reset aborts every command not yet reaped, even ones the device finished (-EIO to the caller).
 */
import type { DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import type { TwinState } from '../state.js';
import {
  VIRTIO_CONFIG_S_ACKNOWLEDGE,
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FEATURES_OK,
} from '../spec/constants.js';
import { offeredFeatures } from './status.js';
import { pfProbeMsixEvents } from '../msix/decide.js';
import { aqCommand } from '../adminq/inflight.js';

/** Abort everything in flight (queue order: pending in submission order, then used), then reset. */
export function resetEvents(s: Readonly<TwinState>): EventBody[] {
  const out: EventBody[] = [];
  s.aq.queues.forEach((queue, q) => {
    for (const cid of [...queue.pending, ...queue.used]) {
      out.push({ type: 'aq/aborted', q, cid, phase: aqCommand(s.aq, cid)!.phase });
    }
  });
  out.push({ type: 'pf/reset', fn: 0 });
  return out;
}

export const pfDeciders: DeciderMap<'pf.reset' | 'pf.init' | 'pf.status'> = {
  'pf.reset': (s) => resetEvents(s),
  'pf.status': (s, c) => (c.value === 0 ? resetEvents(s) : [{ type: 'pf/statusWritten', value: c.value & 0xff }]),
  // Linux probe: reset, ACKNOWLEDGE, DRIVER, negotiate, FEATURES_OK, (setup), DRIVER_OK.
  'pf.init': (s) => {
    const ack = VIRTIO_CONFIG_S_ACKNOWLEDGE;
    const drv = ack | VIRTIO_CONFIG_S_DRIVER;
    const fok = drv | VIRTIO_CONFIG_S_FEATURES_OK;
    return [
      ...(s.pf.status !== 0 || s.aq.queues.some((q) => q.pending.length || q.used.length) ? resetEvents(s) : []),
      { type: 'pf/statusWritten', value: ack },
      { type: 'pf/statusWritten', value: drv },
      { type: 'pf/featuresNegotiated', features: offeredFeatures(s.config) },
      { type: 'pf/statusWritten', value: fok },
      // Queue setup (find_vqs) maps the vectors before DRIVER_OK.
      ...pfProbeMsixEvents(s),
      { type: 'pf/statusWritten', value: fok | VIRTIO_CONFIG_S_DRIVER_OK },
    ];
  },
};
