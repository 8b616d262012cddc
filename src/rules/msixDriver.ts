/**
 * What the function's driver must do with MSI-X (PCI MSI-X, docs/spec-notes.md#msi-x-masking-and-pending-bits;
 * virtio 1.4 §4.1.5.1.2 MSI-X Vector Configuration), judged on the command against the state it met;
 * and how the MSI-X rules (./msix.ts) read a function's MSI-X state.
 */
import { isMasked } from '../domain/msix/table.js';
import type { MsixFnState } from '../domain/msix/types.js';
import { VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Rule } from './framework.js';

export const VEC_CFG = 'virtio 1.4 §4.1.5.1.2 MSI-X Vector Configuration';

/** The MSI-X state of function `fn`, or null when it does not exist (any more). */
export function alive(s: Readonly<TwinState>, fn: number): MsixFnState | null {
  const f = s.fns[fn];
  return f && f.life.alive ? f.msix : null;
}

export const programWhileMasked: Rule = {
  id: 'driver.msix.program-while-masked',
  actor: 'guest',
  section: 'docs/spec-notes.md#msi-x-masking-and-pending-bits; docs/linux-qemu-vfio.md#msi-x-enable-sequence — PCI ' +
    'MSI-X: software changes Message Address/Data only while the entry (or function) is masked; Linux writes them ' +
    'only then',
  kind: 'safety',
  description: "The function's driver (PF driver or a VF's guest) writes an entry's address/data only while the " +
    "entry or the function is masked.",
  commandOps: ['msix.program'],
  command: (s, c, _m, report) => {
    if (c.op !== 'msix.program') return;
    const m = alive(s, c.fn);
    if (!m || c.vector < 0 || c.vector >= m.tableSize) return;
    if (!isMasked(m, c.vector) && !m.functionMask) report(
      `function ${c.fn} entry ${c.vector} reprogrammed while unmasked`);
  },
};

export const mapWithinTable: Rule = {
  id: 'driver.msix.map-within-table',
  actor: 'guest',
  section: `${VEC_CFG} / Driver Requirements — the driver MUST NOT map an event to a vector beyond the MSI-X table`,
  kind: 'safety',
  description: "The function's driver writes config/queue vectors that name a table entry, or NO_VECTOR.",
  commandOps: ['vector.map'],
  command: (s, c, _m, report) => {
    if (c.op !== 'vector.map') return;
    const m = alive(s, c.fn);
    if (!m || c.vector === VIRTIO_MSI_NO_VECTOR || c.vector < m.tableSize) return;
    report(`function ${c.fn} maps ${c.queue === 'config' ? 'config' : `queue ${c.queue}`} to vector ${c.vector}, ` +
      `beyond Table Size ${m.tableSize}`);
  },
};
