/**
 * virtio-mmio MSI rules (2020 proposal "virtio-mmio: add MSI interrupt feature support", never
 * merged; docs/extensions.md#virtio-mmio-msi). Where MMIO MSI behaves as PCI MSI-X the rule mirrors the PCI one;
 * the rest (InterruptStatus with MSI on, the fixed non-sharing mapping) is MMIO-only.
 */
import type { Event } from '../domain/events.js';
import { setEntries, testBit } from '../domain/msix/bits.js';
import type { MmioMsiState } from '../domain/mmio/types.js';
import { fixedVector } from '../domain/mmio/msi.js';
import { VIRTIO_MMIO_MSI_NO_VECTOR } from '../domain/mmio/extension.js';
import type { TwinState } from '../domain/state.js';
import type { Report, Rule } from './framework.js';

const PROPOSAL = 'docs/extensions.md#virtio-mmio-msi';
const KVMTOOL =
  `${PROPOSAL}; docs/ambiguities.md#a16-virtio-mmio-msi-pending-bits — MASK/UNMASK; pending bits as in the kvmtool ` +
  `prototype (an event on a masked vector is delivered at UNMASK)`;

function msiOf(s: Readonly<TwinState>): MmioMsiState | null {
  return s.mmio ? s.mmio.msi : null;
}

function target(msi: MmioMsiState, source: 'config' | number): number | null {
  const v = source === 'config' ? msi.configVector : (msi.queueVectors[source] ?? VIRTIO_MMIO_MSI_NO_VECTOR);
  return v !== VIRTIO_MMIO_MSI_NO_VECTOR && v < msi.vecNum ? v : null;
}

const outcome = (e: Event): e is Extract<Event, { type: 'mmio/msiDelivered' | 'mmio/msiPended' }> =>
  (e.type === 'mmio/msiDelivered' || e.type === 'mmio/msiPended') && e.source !== 'pba';

export const mmioMaskedNeverDelivered: Rule = {
  id: 'device.mmio.masked-never-delivered',
  actor: 'device',
  section: `${PROPOSAL} — MASK: a masked vector sends nothing`,
  kind: 'safety',
  description: 'The mmio device sends no MSI on a masked vector, nor while MSI is disabled.',
  on: ['mmio/msiDelivered'],
  before: (s, e, _m, report) => {
    const msi = msiOf(s);
    if (e.type !== 'mmio/msiDelivered' || !msi) return;
    if (!msi.enabled) report(`MSI vector ${e.vector} sent with MSI disabled`);
    else if (testBit(msi.mask, e.vector)) report(`MSI vector ${e.vector} sent while masked`);
  },
};

interface Open {
  vector: number;
  seq: number;
}

function flush(mem: { open: Open | null }, report: Report): void {
  if (mem.open) report(
    `mmio interrupt raised at seq ${mem.open.seq} on MSI vector ${mem.open.vector} was neither sent nor left pending`);
  mem.open = null;
}

export const mmioNoLostInterrupt: Rule<{ open: Open | null }> = {
  id: 'device.mmio.no-lost-interrupt',
  actor: 'device',
  section: KVMTOOL,
  kind: 'safety',
  description: 'An mmio interrupt on a mapped MSI vector is sent, or (vector masked) left pending.',
  init: () => ({ open: null }),
  on: ['mmio/raised', 'mmio/msiDelivered', 'mmio/msiPended'],
  before: (s, e, mem, report) => {
    const msi = msiOf(s);
    if (!msi) return;
    if (e.type === 'mmio/raised') {
      flush(mem, report);
      const v = msi.enabled ? target(msi, e.source) : null;
      if (v !== null) mem.open = { vector: v, seq: e.seq };
    } else if (outcome(e) && mem.open?.vector === e.vector) mem.open = null;
  },
  commandActs: 'flush',
  command: (_s, _c, mem, report) => flush(mem, report),
  settle: (_s, mem, report) => flush(mem, report),
};

export const mmioPendingNotStranded: Rule = {
  id: 'device.mmio.pending-not-stranded',
  actor: 'device',
  section: KVMTOOL,
  kind: 'liveness',
  description: 'When the run settles, no mmio MSI vector is pending while MSI is enabled and the vector unmasked.',
  settle: (s, _m, report) => {
    const msi = msiOf(s);
    if (!msi || !msi.enabled) return;
    const stuck = setEntries(msi.pba, msi.vecNum, msi.mask);
    if (stuck.length) report(`mmio MSI vector(s) ${stuck.join(', ')} pending while unmasked: never delivered`);
  },
};

export const mmioNoVectorSilent: Rule<{ unmapped: number }> = {
  id: 'device.mmio.no-vector-silent',
  actor: 'device',
  section: `${PROPOSAL} — VIRTIO_MMIO_MSI_NO_VECTOR: the event sends no interrupt`,
  kind: 'safety',
  description: 'With MSI enabled, an event mapped to VIRTIO_MMIO_MSI_NO_VECTOR sends nothing, pends nothing and sets ' +
    'no InterruptStatus bit.',
  init: () => ({ unmapped: -1 }),
  on: ['mmio/raised', 'mmio/msiDelivered', 'mmio/msiPended', 'mmio/intStatusSet'],
  before: (s, e, mem, report) => {
    const msi = msiOf(s);
    if (!msi) return;
    if (e.type === 'mmio/raised') mem.unmapped = msi.enabled && target(msi, e.source) === null ? e.seq : -1;
    else if ((outcome(e) || e.type === 'mmio/intStatusSet') && mem.unmapped >= 0) {
      report(`${e.type} for an interrupt (seq ${mem.unmapped}) whose source is mapped to NO_VECTOR`);
    }
  },
};

export const mmioNoIntStatusWithMsi: Rule = {
  id: 'device.mmio.no-intstatus-with-msi',
  actor: 'device',
  section: `${PROPOSAL} — with MSI enabled the device must not set InterruptStatus (and ignores InterruptACK)`,
  kind: 'safety',
  description: 'While MSI is enabled the mmio device leaves InterruptStatus alone: no bits set, InterruptACK ignored.',
  on: ['mmio/intStatusSet', 'mmio/intAcked'],
  before: (s, e, _m, report) => {
    if (msiOf(s)?.enabled) report(
      `${e.type === 'mmio/intStatusSet' ? 'InterruptStatus set' : 'InterruptACK honoured'} while MSI is enabled`);
  },
};

export const mmioFixedMapping: Rule = {
  id: 'device.mmio.fixed-mapping',
  actor: 'device',
  section: `${PROPOSAL} — non-sharing mode (msi_sharing = 0) maps vector 0 to config changes and vector 1 + i to ` +
    `queue i`,
  kind: 'safety',
  description: 'In non-sharing mode a config interrupt uses vector 0 and queue i uses vector 1 + i.',
  on: ['mmio/msiDelivered', 'mmio/msiPended'],
  before: (s, e, _m, report) => {
    const msi = msiOf(s);
    if (!msi || msi.sharing || !outcome(e) || e.source === 'pba') return;
    const want = fixedVector(msi.vecNum, e.source);
    if (e.vector !== want) report(
      `${e.source === 'config' ? 'config' : `queue ${e.source}`} interrupt on vector ${e.vector}; the fixed mapping ` +
      `says ${want}`);
  },
};

export const MMIO_RULES: readonly Rule[] = [
  mmioMaskedNeverDelivered,
  mmioNoLostInterrupt as Rule,
  mmioPendingNotStranded,
  mmioNoVectorSilent as Rule,
  mmioNoIntStatusWithMsi,
  mmioFixedMapping,
];
