import type { RecipeMap } from '../decider.js';
import { clearBit, setBit, writeBit } from './bits.js';
import type { MsixEvent } from './events.js';
import { writeMessage } from './table.js';

export const msixRecipes: RecipeMap<MsixEvent['type']> = {
  'irq/raised': () => {},
  'irq/refused': () => {},
  'msix/delivered': (d, e) => {
    // A message sent from the PBA clears the pending bit; a direct one never set it.
    if (e.source === 'pba') clearBit(d.fns[e.fn]!.msix.pba, e.vector);
  },
  'msix/pended': (d, e) => {
    setBit(d.fns[e.fn]!.msix.pba, e.vector);
  },
  'msix/unmapped': () => {},
  'isr/set': (d, e) => {
    d.fns[e.fn]!.msix.isr |= e.bits;
  },
  'isr/read': (d, e) => {
    d.fns[e.fn]!.msix.isr = 0;
  },
  'msix/enabled': (d, e) => {
    d.fns[e.fn]!.msix.enabled = e.enabled;
  },
  'msix/functionMasked': (d, e) => {
    d.fns[e.fn]!.msix.functionMask = e.masked;
  },
  'msix/masked': (d, e) => {
    writeBit(d.fns[e.fn]!.msix.mask, e.vector, e.masked);
  },
  'msix/programmed': (d, e) => {
    writeMessage(d.fns[e.fn]!.msix, e.vector, e.addrLo, e.addrHi, e.data);
  },
  'msix/programIgnored': () => {},
  'msix/vectorMapped': (d, e) => {
    const m = d.fns[e.fn]!.msix;
    if (e.source === 'config') m.configVector = e.vector;
    else m.queueVectors[e.source] = e.vector;
  },
  'msix/controlRead': () => {},
};
