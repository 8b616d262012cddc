import type { RecipeMap } from '../decider.js';
import { clearBit, countBits, filledWords, setBit } from '../msix/bits.js';
import type { MsixFnState } from '../msix/types.js';
import { unmapAll } from '../msix/vectors.js';
import type { TwinState } from '../state.js';
import type { HostEvent } from './events.js';
import { initialHostFn } from './types.js';

/** A reset function's interrupt state: MSI-X off, every entry masked, events unmapped. */
function quiesce(m: MsixFnState, clearPba: boolean): void {
  m.enabled = false;
  m.functionMask = false;
  m.mask = filledWords(m.tableSize, true);
  if (clearPba) m.pba = filledWords(m.tableSize, false);
  unmapAll(m);
}

function closeWindow(d: TwinState, fn: number): void {
  const i = d.host.resizing.indexOf(fn);
  if (i >= 0) d.host.resizing.splice(i, 1);
}

export const hostRecipes: RecipeMap<HostEvent['type']> = {
  // Binding starts from a reset function (vfio resets it at open; a driver probes a reset device).
  'vf/bound': (d, e) => {
    const f = d.fns[e.fn]!;
    f.driver = e.driver;
    quiesce(f.msix, true);
    f.host = initialHostFn();
  },
  // Driver remove: pci_free_irq_vectors masks every entry and clears Enable; the virtio reset
  // unmaps the events. Pending bits are hardware state and stay.
  'vf/unbound': (d, e) => {
    const f = d.fns[e.fn]!;
    f.driver = null;
    quiesce(f.msix, false);
    f.host = initialHostFn();
  },
  'host/allocated': (d, e) => {
    const f = d.fns[e.fn]!;
    const n = f.msix.tableSize;
    f.host.alloc = filledWords(e.count, true);
    f.host.req = filledWords(n, false);
    f.host.pasid = e.pasid === null ? [] : new Array(n).fill(e.pasid);
    f.host.imsPasid = e.pasid === null ? [] : new Array(n).fill(-1);
  },
  'host/irqRequested': (d, e) => {
    const h = d.fns[e.fn]!.host;
    setBit(h.alloc, e.vector);
    setBit(h.req, e.vector);
    // IMS: startup writes the descriptor's PASID into the entry.
    if (h.pasid.length > e.vector) h.imsPasid[e.vector] = h.pasid[e.vector]!;
    d.host.used += 1;
  },
  'host/requestFailed': () => {},
  'host/guestStopped': (d, e) => {
    d.fns[e.fn]!.host.stopped = e.reason;
  },
  'host/errorReported': () => {},
  'host/released': (d, e) => {
    const h = d.fns[e.fn]!.host;
    d.host.used -= countBits(h.req);
    if (h.resize) closeWindow(d, e.fn);
    const stopped = h.stopped;
    d.fns[e.fn]!.host = initialHostFn();
    d.fns[e.fn]!.host.stopped = stopped;
  },
  'host/resizeStarted': (d, e) => {
    d.fns[e.fn]!.host.resize = { vector: e.vector, size: e.size, tag: e.tag };
    const list = d.host.resizing;
    let i = 0;
    while (i < list.length && list[i]! < e.fn) i++;
    list.splice(i, 0, e.fn);
  },
  'host/resizeDone': (d, e) => {
    const h = d.fns[e.fn]!.host;
    h.resize = null;
    for (let v = 0; v < e.size; v++) setBit(h.alloc, v);
    closeWindow(d, e.fn);
  },
  'host/irqLost': (d, e) => {
    // The device did send it: a message from the PBA has left the PBA.
    if (e.source === 'pba') clearBit(d.fns[e.fn]!.msix.pba, e.vector);
  },
  'host/pasidSet': (d, e) => {
    const h = d.fns[e.fn]!.host;
    h.pasid[e.vector] = e.pasid;
    if (e.programmed) h.imsPasid[e.vector] = e.pasid;
  },
};
