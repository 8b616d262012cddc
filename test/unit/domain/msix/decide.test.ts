import { describe, expect, it } from 'vitest';
import { engine } from '../../../helpers.js';

describe('MSI-X commands on a function without MSI-X entries', () => {
  it('refuses a Message Control read of a VF with no table instead of reporting Table Size field 0, which means one ' +
      'entry (PCI MSI-X capability)', () => {
    const e = engine({ numVFs: 2, vfMsixVectors: 0, vfMsixMin: 1 });
    expect(e.state.fns[1]!.msix.tableSize).toBe(0);
    const [ev] = e.execute({ op: 'msix.readControl', fn: 1 });
    expect(ev).toMatchObject({ type: 'irq/refused', fn: 1, op: 'msix.readControl', errno: 'EINVAL' });
  });

  it('still reads Table Size N-1 for a function that has N entries', () => {
    const e = engine({ numVFs: 1, vfMsixVectors: 1, vfMsixMin: 1 });
    const [ev] = e.execute({ op: 'msix.readControl', fn: 1 });
    expect(ev).toMatchObject({ type: 'msix/controlRead', fn: 1, value: 0 });
  });
});
