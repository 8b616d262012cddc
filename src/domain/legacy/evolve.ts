/** Recipes for legacy register events: they cannot fail, and copy nothing from the event by reference. */
import type { RecipeMap } from '../decider.js';
import { VIRTIO_MSI_NO_VECTOR, VIRTIO_CONFIG_S_NEEDS_RESET } from '../spec/constants.js';
import { resetNetDriverState } from '../net/reset.js';
import type { LegacyEvent } from './events.js';
import { freshQueue } from './types.js';

const noop = () => {};

export const legacyRecipes: RecipeMap<LegacyEvent['type']> = {
  'legacy/read': noop,
  'legacy/writeIgnored': noop,
  'legacy/featuresWritten': (d, e) => {
    d.fns[e.fn]!.legacy.driverFeatures = e.value;
  },
  'legacy/pfnWritten': (d, e) => {
    const q = d.fns[e.fn]!.legacy.queues[e.queue]!;
    q.pfn = e.pfn;
    // PFN 0 deactivates the queue: nothing available, nothing used.
    if (e.pfn === 0) {
      q.avail = 0;
      q.used = 0;
    }
  },
  'legacy/queueSelected': (d, e) => {
    d.fns[e.fn]!.legacy.queueSel = e.queue;
  },
  'legacy/statusWritten': (d, e) => {
    const l = d.fns[e.fn]!.legacy;
    l.status = (e.value & 0xff) | (l.status & VIRTIO_CONFIG_S_NEEDS_RESET);
  },
  'legacy/reset': (d, e) => {
    const f = d.fns[e.fn]!;
    const l = f.legacy;
    l.driverFeatures = 0;
    l.queueSel = 0;
    l.status = 0;
    l.writeback = 0;
    for (let i = 0; i < l.queues.length; i++) l.queues[i] = freshQueue();
    f.msix.isr = 0;
    f.msix.configVector = VIRTIO_MSI_NO_VECTOR;
    f.msix.queueVectors.fill(VIRTIO_MSI_NO_VECTOR);
    resetNetDriverState(f.net);
  },
  'legacy/vectorWritten': (d, e) => {
    const m = d.fns[e.fn]!.msix;
    if (e.source === 'config') m.configVector = e.vector;
    else m.queueVectors[e.source] = e.vector;
  },
  'legacy/devcfgWritten': (d, e) => {
    if (e.field === 'writeback') d.fns[e.fn]!.legacy.writeback = e.value;
  },
  'legacy/isrCleared': (d, e) => {
    d.fns[e.fn]!.msix.isr = 0;
  },
  'legacy/addressWritten': noop,
  'legacy/notified': noop,
  'legacy/queueProcessed': (d, e) => {
    const q = d.fns[e.fn]!.legacy.queues[e.queue]!;
    q.avail -= e.consumed;
    q.used += e.consumed;
  },
  'legacy/notifyIgnored': noop,
  'legacy/notifyMissed': noop,
  'legacy/buffersAdded': (d, e) => {
    d.fns[e.fn]!.legacy.queues[e.queue]!.avail += e.count;
  },
  'legacy/refused': noop,
  'legacy/needsReset': (d, e) => {
    d.fns[e.fn]!.legacy.status |= VIRTIO_CONFIG_S_NEEDS_RESET;
  },
};
