/**
 * SR-IOV enable/disable as the PF driver asks for it through sysfs sriov_numvfs, with the checks
 * Linux makes (docs/linux-qemu-vfio.md#sr-iov-enable-and-disable): > TotalVFs -> ERANGE; a
 * different non-zero count while enabled -> EBUSY ("go through 0"); PF not DRIVER_OK -> EBUSY;
 * VIRTIO_F_SR_IOV not negotiated or no SR-IOV capability -> EINVAL; the current count again ->
 * no-op.
 */
import type { DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import { hasFeature, isDriverOk } from '../pf/status.js';
import { VIRTIO_F_SR_IOV } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { unbindAllVfs } from '../host/decide.js';
import { vfDefaultCount } from '../provision/pool.js';

function disable(s: Readonly<TwinState>): EventBody[] {
  // VF drivers are removed first (Linux sriov_disable), then the pool is free again.
  return s.sriov.vfEnable ? [...unbindAllVfs(s), { type: 'provision/released' }, { type: 'sriov/disabled', fn: -1 }]
    : [];
}

export const sriovDeciders: DeciderMap<'sriov.enable' | 'sriov.disable'> = {
  'sriov.disable': (s) => disable(s),
  'sriov.enable': (s, c) => {
    const refuse = (errno: string, reason: string): EventBody[] => [
      { type: 'sriov/refused', numVFs: c.numVFs, errno, reason }];
    if (c.numVFs > s.config.totalVFs) return refuse('ERANGE', `numVFs ${c.numVFs} > TotalVFs ${s.config.totalVFs}`);
    if (c.numVFs === 0) return disable(s);
    if (s.sriov.vfEnable) {
      return c.numVFs === s.sriov.numVFs ? []
        : refuse('EBUSY', `${s.sriov.numVFs} VFs already enabled: disable before enabling`);
    }
    if (!isDriverOk(s.pf)) return refuse('EBUSY', 'PF driver not at DRIVER_OK');
    if (!s.config.sriov || !hasFeature(s.pf, VIRTIO_F_SR_IOV)) return refuse('EINVAL',
      'VIRTIO_F_SR_IOV not negotiated or no SR-IOV capability');
    return [
      { type: 'sriov/enabled', numVFs: c.numVFs, fn: -1 },
      { type: 'provision/defaults', fn: -1, numVFs: c.numVFs, count: vfDefaultCount(s.config, c.numVFs) },
    ];
  },
};
