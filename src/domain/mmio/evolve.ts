import type { RecipeMap } from '../decider.js';
import { clearBit, setBit, writeBit } from '../msix/bits.js';
import type { MmioEvent } from './events.js';
import { resetMmio } from './msi.js';

export const mmioRecipes: RecipeMap<MmioEvent['type']> = {
  'mmio/refused': () => {},
  'mmio/read': () => {},
  'mmio/writeIgnored': () => {},
  'mmio/queueSelected': (d, e) => {
    d.mmio!.queueSel = e.queue;
  },
  'mmio/statusWritten': (d, e) => {
    d.mmio!.status = e.value;
  },
  'mmio/reset': (d) => {
    resetMmio(d.mmio!);
  },
  'mmio/intAcked': (d, e) => {
    d.mmio!.interruptStatus = (d.mmio!.interruptStatus & ~e.bits) >>> 0;
  },
  'mmio/ackIgnored': () => {},
  'mmio/msiStaged': (d, e) => {
    d.mmio!.msi[e.register] = e.value;
  },
  'mmio/msiEnabled': (d, e) => {
    d.mmio!.msi.enabled = e.enabled;
  },
  'mmio/msiConfigured': (d, e) => {
    const msi = d.mmio!.msi;
    msi.vAddrLo[e.vector] = e.addrLo;
    msi.vAddrHi[e.vector] = e.addrHi;
    msi.vData[e.vector] = e.data;
  },
  'mmio/msiMasked': (d, e) => {
    writeBit(d.mmio!.msi.mask, e.vector, e.masked);
  },
  'mmio/msiMapped': (d, e) => {
    const msi = d.mmio!.msi;
    if (e.source === 'config') msi.configVector = e.vector;
    else msi.queueVectors[e.source] = e.vector;
  },
  'mmio/cmdIgnored': () => {},
  'mmio/raised': () => {},
  'mmio/intStatusSet': (d, e) => {
    d.mmio!.interruptStatus = (d.mmio!.interruptStatus | e.bits) >>> 0;
  },
  'mmio/msiDelivered': (d, e) => {
    const msi = d.mmio!.msi;
    if (e.source === 'pba') clearBit(msi.pba, e.vector);
    msi.delivered[e.vector] = (msi.delivered[e.vector] ?? 0) + 1;
  },
  'mmio/msiPended': (d, e) => {
    setBit(d.mmio!.msi.pba, e.vector);
  },
  'mmio/msiUnmapped': () => {},
};
