import type { RecipeMap } from '../decider.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../spec/constants.js';
import type { PfEvent } from './events.js';
import { unmapAll } from '../msix/vectors.js';
import { resetNetDriverState } from '../net/reset.js';

export const pfRecipes: RecipeMap<PfEvent['type']> = {
  'pf/statusWritten': (d, e) => {
    d.pf.status = e.value;
  },
  'pf/featuresNegotiated': (d, e) => {
    d.pf.features = [...e.features];
  },
  // "Device Reset": status 0, admin command list back to {QUERY, USE}, queues torn down.
  'pf/reset': (d) => {
    d.pf.status = 0;
    d.pf.features = [];
    d.pf.resets += 1;
    d.aq.inUse[VIRTIO_ADMIN_GROUP_TYPE_SELF] = [0, 1];
    d.aq.inUse[VIRTIO_ADMIN_GROUP_TYPE_SRIOV] = [0, 1];
    for (const q of d.aq.queues) {
      q.pending = [];
      q.used = [];
      q.busy = -1;
    }
    d.aq.commands = [];
    // "Device Reset": every config/queue event unmapped. MSI-X Enable and the table are PCI
    // config space, which a virtio reset does not touch.
    unmapAll(d.fns[0]!.msix);
    // The PF is a virtio-net device too (its own control queue): "Reset leaves an empty MAC
    // table and receiveq1 as the only receive queue", as a VF's reset does (legacy/reset).
    resetNetDriverState(d.fns[0]!.net);
  },
};
