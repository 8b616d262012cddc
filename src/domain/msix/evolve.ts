import type { RecipeMap } from '../decider.js';
import type { MsixEvent } from './events.js';

export const msixRecipes: RecipeMap<MsixEvent['type']> = {
  'msix/delivered': () => {},
  'msix/pended': (d, e) => {
    d.fns[e.fn]!.msix.entries[e.vector]!.pending = true;
  },
  'msix/unmapped': () => {},
  'isr/set': (d, e) => {
    d.fns[e.fn]!.msix.isr |= e.bits;
  },
};
