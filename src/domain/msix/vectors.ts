/**
 * virtio's side of MSI-X ("MSI-X Vector Configuration"): which table entry each config/queue
 * event uses, what the device stores for a vector write, what a reset unmaps, and a function's
 * MSI-X at power-on (the PF as Linux's probe leaves it).
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import { clearBit } from './bits.js';
import { linuxVectorPlan, type VectorPlan } from './linux.js';
import { resizeTable } from './table.js';
import type { MsixFnState } from './types.js';

/** Queues a function has: the PF's ordinary queues plus its admin queues; a VF's ordinary queues. */
export function queueCount(config: DeviceConfig, fn: number): number {
  return fn === 0 ? config.pfQueues + config.adminQueues : config.vfQueues;
}

export function defaultTableSize(config: DeviceConfig, fn: number): number {
  if (fn !== 0) return config.vfMsixVectors;
  return config.pfMsixVectors || Math.min(0x800, 1 + queueCount(config, 0));
}

/**
 * What the device stores for a config/queue vector write ("MSI-X Vector Configuration"): the
 * value if it names a table entry, NO_VECTOR if it asked for NO_VECTOR or cannot be honoured
 * (beyond the table: QEMU stores NO_VECTOR so the driver's read-back sees the failure).
 */
export function storedVector(m: Readonly<MsixFnState>, requested: number): number {
  return requested >= 0 && requested < m.tableSize ? requested : VIRTIO_MSI_NO_VECTOR;
}

/** The vector an interrupt source is mapped to (NO_VECTOR when unmapped). */
export function mappedVector(m: Readonly<MsixFnState>, source: 'config' | number): number {
  return source === 'config' ? m.configVector : (m.queueVectors[source] ?? VIRTIO_MSI_NO_VECTOR);
}

/**
 * "Device Reset": every config/queue event unmapped, ISR cleared. MSI-X Enable, the table and the
 * PBA live in PCI config space / the MSI-X BAR, which a virtio reset does not touch. Exported for
 * every reset recipe (PF reset, a VF's own reset, a driver unbind).
 */
export function unmapAll(m: MsixFnState): void {
  m.configVector = VIRTIO_MSI_NO_VECTOR;
  m.queueVectors.fill(VIRTIO_MSI_NO_VECTOR);
  m.isr = 0;
}

/** The PF's Linux probe-time plan for this config (null = Linux would fall back to INTx). */
export function pfVectorPlan(config: DeviceConfig): VectorPlan | null {
  return linuxVectorPlan(defaultTableSize(config, 0), config.pfQueues, config.adminQueues);
}

/** Apply a driver's probe-time setup: MSI-X on, entries 0..used-1 unmasked, events mapped. */
export function applyVectorPlan(m: MsixFnState, configVector: number, queueVectors: readonly number[],
    used: number): void {
  m.enabled = true;
  m.functionMask = false;
  for (let v = 0; v < used && v < m.tableSize; v++) clearBit(m.mask, v);
  m.configVector = storedVector(m, configVector);
  for (let q = 0; q < m.queueVectors.length; q++) m.queueVectors[q] =
    storedVector(m, queueVectors[q] ?? VIRTIO_MSI_NO_VECTOR);
}

/**
 * A function's MSI-X at power-on. With `pfInitialized` the PF starts as Linux's probe leaves it
 * (MSI-X enabled, vectors mapped per the interrupt-policy ladder), so admin completions are
 * delivered on the admin queue's vector from the first command.
 */
export function initialMsix(config: DeviceConfig, fn: number, tableSize = defaultTableSize(config, fn)): MsixFnState {
  const m: MsixFnState = {
    tableSize: 0,
    enabled: false,
    functionMask: false,
    addrLo: [],
    addrHi: [],
    data: [],
    mask: [],
    pba: [],
    configVector: VIRTIO_MSI_NO_VECTOR,
    queueVectors: new Array(queueCount(config, fn)).fill(VIRTIO_MSI_NO_VECTOR),
    isr: 0,
  };
  resizeTable(m, tableSize);
  const plan = fn === 0 && config.pfInitialized ? pfVectorPlan(config) : null;
  if (plan) applyVectorPlan(m, plan.configVector, plan.queueVectors, plan.used);
  return m;
}
