/**
 * What the shadow run remembers per function to explain a register read that diverges: the ISR the
 * capture last saw read, the ISR bits raised since, what a reset cleared, and which common
 * registers the driver wrote since the last reset (docs/capture-format.md#divergences).
 */
import type { Event } from '../domain/events.js';
import {
  VIRTIO_MSI_CONFIG_VECTOR,
  VIRTIO_MSI_QUEUE_VECTOR,
  VIRTIO_PCI_GUEST_FEATURES,
  VIRTIO_PCI_ISR,
  VIRTIO_PCI_QUEUE_PFN,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
} from '../domain/spec/legacy.js';

/** Common registers a reset (status 0) returns to their reset value. */
const RESET_REGS = new Set([VIRTIO_PCI_GUEST_FEATURES, VIRTIO_PCI_QUEUE_PFN, VIRTIO_PCI_QUEUE_SEL, VIRTIO_PCI_STATUS]);

interface FnHistory {
  /** Value the capture saw at the last ISR read, and its line. */
  lastIsr: { value: number; line: number } | null;
  /** ISR bits the twin set since that read. */
  isrSince: number;
  /** ISR bits a reset cleared since they were set (and not read). */
  isrReset: number;
  /** A reset happened, and common offsets written since it. */
  reset: boolean;
  written: Set<number>;
}

export class History {
  private readonly fns = new Map<number, FnHistory>();

  private of(fn: number): FnHistory {
    let h = this.fns.get(fn);
    if (!h) this.fns.set(fn, (h = { lastIsr: null, isrSince: 0, isrReset: 0, reset: false, written: new Set() }));
    return h;
  }

  /** Follow the twin's events: ISR bits set, legacy resets. */
  event(e: Event): void {
    if (e.type === 'isr/set') this.of(e.fn).isrSince |= e.bits;
    else if (e.type === 'legacy/reset') {
      const h = this.of(e.fn);
      h.isrReset |= h.isrSince;
      h.isrSince = 0;
      h.reset = true;
      h.written.clear();
    }
  }

  /** The driver wrote common offset `offset` of VF `fn`. */
  wrote(fn: number, offset: number): void {
    this.of(fn).written.add(offset);
  }

  /** The capture saw an ISR read return `value`. */
  isrRead(fn: number, value: number, line: number): void {
    const h = this.of(fn);
    h.lastIsr = { value, line };
    h.isrSince = 0;
    h.isrReset = 0;
  }

  /**
   * The rule that explains a common-region read of VF `fn` returning `observed` where the twin
   * holds `expected`, with a sentence on why.
   */
  explain(
    fn: number,
    offset: number,
    msix: boolean,
    observed: number,
    expected: number,
  ): { rule: string; why: string } {
    const h = this.of(fn);
    if (offset === VIRTIO_PCI_ISR) {
      const extra = observed & ~expected;
      if (extra !== 0 && h.lastIsr && (h.lastIsr.value & extra) === extra && (h.isrSince & extra) === 0) {
        return {
          rule: 'device.legacy.isr-read-clears',
          why: `the ISR read at line ${h.lastIsr.line} already returned those bits and nothing set them since`,
        };
      }
      if (extra !== 0 && (h.isrReset & extra) === extra)
        return { rule: 'device.legacy.reset-clears', why: 'a reset (status 0) cleared them' };
      return { rule: 'device.legacy.read-matches-register', why: 'no interrupt set them' };
    }
    const vector = msix && (offset === VIRTIO_MSI_CONFIG_VECTOR || offset === VIRTIO_MSI_QUEUE_VECTOR);
    if (h.reset && !h.written.has(offset) && (vector || RESET_REGS.has(offset))) {
      return {
        rule: 'device.legacy.reset-clears',
        why: 'a reset (status 0) cleared it and the driver has not written it since',
      };
    }
    if (vector) return { rule: 'device.msix.vector-readback', why: 'a vector reads back as written, or NO_VECTOR' };
    return { rule: 'device.legacy.read-matches-register', why: 'a read returns the register' };
  }
}
