import type { RecipeMap } from '../decider.js';
import { resizeTable } from '../msix/table.js';
import type { ProvisionEvent } from './events.js';

export const provisionRecipes: RecipeMap<ProvisionEvent['type']> = {
  'provision/defaults': (d, e) => {
    for (let i = 1; i <= e.numVFs; i++) {
      const m = d.fns[i]!.msix;
      if (m.tableSize !== e.count) resizeTable(m, e.count);
    }
    d.vfMsix.assigned = e.numVFs * e.count;
    d.vfMsix.defaultCount = e.count;
  },
  'provision/set': (d, e) => {
    const m = d.fns[e.fn]!.msix;
    d.vfMsix.assigned += e.count - m.tableSize;
    resizeTable(m, e.count);
  },
  'provision/released': (d) => {
    d.vfMsix.assigned = 0;
  },
};
