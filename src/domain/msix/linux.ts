/**
 * How Linux's virtio_pci maps the PF's vectors at probe
 * (docs/linux-qemu-vfio.md#pf-interrupt-vectors-at-probe, interrupt-policy ladder, 6.11+): EACH
 * (config + one per data queue + the first admin queue) -> SHARED_SLOW (config and the admin queue
 * share vector 0, each data queue its own) -> SHARED (config and the admin queue on 0, every data
 * queue on 1) -> INTx. Each step needs that many table entries. Only the first admin queue is used;
 * Linux ignores the others (they stay NO_VECTOR).
 */
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';

export interface VectorPlan {
  policy: 'EACH' | 'SHARED_SLOW' | 'SHARED';
  configVector: number;
  /** By virtqueue index: data queues, then admin queues. */
  queueVectors: number[];
  /** Entries 0..used-1 are allocated (and unmasked); the rest stay masked. */
  used: number;
}

export function linuxVectorPlan(tableSize: number, dataQueues: number, adminQueues: number): VectorPlan | null {
  const avq = adminQueues > 0 ? 1 : 0;
  const total = dataQueues + adminQueues;
  const plan = (policy: VectorPlan['policy'], used: number, dataVec: (i: number) => number,
      avqVec: number): VectorPlan => {
    const queueVectors = new Array(total).fill(VIRTIO_MSI_NO_VECTOR);
    for (let i = 0; i < dataQueues; i++) queueVectors[i] = dataVec(i);
    if (avq) queueVectors[dataQueues] = avqVec;
    return { policy, configVector: 0, queueVectors, used };
  };
  if (tableSize >= 1 + dataQueues + avq) return plan('EACH', 1 + dataQueues + avq, (i) => 1 + i, 1 + dataQueues);
  if (tableSize >= 1 + dataQueues) return plan('SHARED_SLOW', 1 + dataQueues, (i) => 1 + i, 0);
  const shared = dataQueues > 0 ? 2 : 1;
  if (tableSize >= shared) return plan('SHARED', shared, () => 1, 0);
  return null;
}
