import type { RecipeMap } from '../decider.js';
import { destroyedFn, enabledVfs } from '../state.js';
import type { SriovEvent } from './events.js';

export const sriovRecipes: RecipeMap<SriovEvent['type']> = {
  // VF Enable: VFs 1..NumVFs come into existence, each as a new incarnation with fresh state.
  'sriov/enabled': (d, e) => {
    d.sriov.numVFs = e.numVFs;
    d.sriov.vfEnable = true;
    d.sriov.epoch += 1;
    enabledVfs(d.config, d.fns, e.numVFs);
  },
  // VF Enable cleared: every VF is destroyed; only its incarnation count survives.
  'sriov/disabled': (d) => {
    for (let i = 1; i <= d.sriov.numVFs; i++) d.fns[i] = destroyedFn(d.config, i, d.fns[i]!.life.incarnation);
    d.sriov.numVFs = 0;
    d.sriov.vfEnable = false;
    d.sriov.epoch += 1;
  },
  'sriov/refused': () => {},
};
