/**
 * Deciders for the legacy area's ops. Misuse (a dead VF, a missing queue) becomes a
 * `legacy/refused` event, never an exception.
 */
import type { DeciderMap } from '../decider.js';
import { raiseInterrupt } from '../msix/raise.js';
import { decideAddressWrite } from './notify.js';
import { VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_NEEDS_RESET } from '../spec/constants.js';

export const legacyDeciders: DeciderMap<'guest.queue.add' | 'notify.write' | 'device.needsReset' | 'vf.status'> = {
  'guest.queue.add': (s, c) => {
    const f = s.fns[c.fn];
    if (!f || c.fn === 0 || !f.life.alive) return [
      { type: 'legacy/refused', fn: c.fn, op: c.op, errno: 'ENODEV', reason: `VF ${c.fn} does not exist` }];
    if (!f.legacy.queues[c.queue]) return [{ type: 'legacy/refused', fn: c.fn, op: c.op, errno: 'ENOENT',
      reason: `queue ${c.queue} does not exist` }];
    return [{ type: 'legacy/buffersAdded', fn: c.fn, queue: c.queue, count: c.count ?? 1 }];
  },
  'notify.write': (s, c, ctx) => decideAddressWrite(s, c.fn, c.bar, c.offset, c.value, ctx.profile),
  'device.needsReset': (s, c) => {
    const f = s.fns[c.fn];
    if (!f || c.fn === 0 || !f.life.alive) return [
      { type: 'legacy/refused', fn: c.fn, op: c.op, errno: 'ENODEV', reason: `VF ${c.fn} does not exist` }];
    // "DEVICE_NEEDS_RESET set while DRIVER_OK => the device MUST send a config-change notification."
    const notify = f.legacy.status & VIRTIO_CONFIG_S_DRIVER_OK ? raiseInterrupt(s, c.fn, 'config') : [];
    return [{ type: 'legacy/needsReset', fn: c.fn }, ...notify];
  },
  // The same register a LEGACY_COMMON_CFG_WRITE at offset 18 writes, reached by the VF's own driver.
  'vf.status': (s, c) => {
    const f = s.fns[c.fn];
    if (!f || c.fn === 0 || !f.life.alive) return [
      { type: 'legacy/refused', fn: c.fn, op: c.op, errno: 'ENODEV', reason: `VF ${c.fn} does not exist` }];
    return [c.value === 0 ? { type: 'legacy/reset', fn: c.fn } : { type: 'legacy/statusWritten', fn: c.fn,
      value: c.value & ~VIRTIO_CONFIG_S_NEEDS_RESET & 0xff }];
  },
};
