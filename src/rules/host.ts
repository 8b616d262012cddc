/**
 * Host / VFIO rules (docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu, and the
 * 2021 LKML discussion summarised in docs/linux-qemu-vfio.md#host-vector-exhaustion). The host is
 * judged by what the guest can observe: an active vector's interrupts arrive, an unmasked vector
 * has a handler, an exhausted budget ends the configured way.
 */
import { filledWords, setEntries, testBit } from '../domain/msix/bits.js';
import { isMasked } from '../domain/msix/table.js';
import { mappedVector } from '../domain/msix/vectors.js';
import { isPassthrough, isPassthroughDriver } from '../domain/host/passthrough.js';
import { VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import type { TwinState } from '../domain/state.js';
import type { Report, Rule } from './framework.js';

const TGLX =
  'docs/linux-qemu-vfio.md#host-vector-exhaustion; docs/ambiguities.md#a12-host-vector-exhaustion — on host vector ' +
  'exhaustion the outcome must be well defined';

interface Failed {
  fn: number;
  vector: number;
  seq: number;
}

function judgeFailures(s: Readonly<TwinState>, mem: { failed: Failed[] }, report: Report): void {
  if (mem.failed.length === 0) return;
  for (const f of mem.failed) {
    const fnState = s.fns[f.fn];
    if (!fnState || !isPassthrough(fnState)) continue;
    const policy = s.config.hostExhaustion;
    if (policy === 'stop-guest' && !fnState.host.stopped) {
      report(`request_irq for VF ${f.fn} vector ${f.vector} failed (seq ${f.seq}) but the guest was not stopped ` +
        `(hostExhaustion "stop-guest")`);
    } else if (policy === 'report-error' && fnState.msix.enabled && !isMasked(fnState.msix, f.vector)
        && !testBit(fnState.host.req, f.vector)) {
      report(`request_irq for VF ${f.fn} vector ${f.vector} failed (seq ${f.seq}) and the vector was left unmasked ` +
        `without a handler (hostExhaustion "report-error" keeps it masked)`);
    }
  }
  mem.failed = [];
}

export const exhaustionOutcome: Rule<{ failed: Failed[] }> = {
  id: 'host.vfio.exhaustion-outcome',
  actor: 'host',
  section: TGLX,
  kind: 'safety',
  description: 'When request_irq fails for a guest vector, the configured hostExhaustion outcome takes effect: the ' +
    'guest stopped, or the vector kept masked with an error reported.',
  init: () => ({ failed: [] }),
  on: ['host/requestFailed'],
  after: (_s, e, mem) => {
    if (e.type === 'host/requestFailed') mem.failed.push({ fn: e.fn, vector: e.vector, seq: e.seq });
  },
  commandActs: 'flush',
  command: (s, _c, mem, report) => judgeFailures(s, mem, report),
  settle: (s, mem, report) => judgeFailures(s, mem, report),
};

export const noSilentVector: Rule = {
  id: 'host.vfio.no-silent-vector',
  actor: 'host',
  section: 'docs/linux-qemu-vfio.md#host-vector-exhaustion; ' +
    'docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu — the outcome must be well defined, yet QEMU ' +
    'only logs a failed VFIO_DEVICE_SET_IRQS and leaves an enabled, unmasked vector that never fires',
  kind: 'safety',
  description: "A running guest's enabled, unmasked MSI-X vector on a passthrough VF has a host IRQ handler behind it.",
  on: ['msix/masked', 'msix/enabled'],
  after: (s, e, _m, report) => {
    if (e.type !== 'msix/masked' && e.type !== 'msix/enabled') return;
    const f = s.fns[e.fn];
    if (!f || !isPassthrough(f) || f.host.stopped || !f.msix.enabled || f.host.resize) return;
    const m = f.msix;
    const vectors = e.type === 'msix/masked'
      ? (e.masked ? [] : [e.vector]) : setEntries(filledWords(m.tableSize, true), m.tableSize, m.mask);
    const silent = vectors.filter((v) => !testBit(f.host.req, v));
    if (silent.length) report(
      `VF ${e.fn} vector(s) ${silent.slice(0, 8).join(', ')} enabled and unmasked with no host IRQ: they will never ` +
      `fire`);
  },
};

/** The interrupt just raised on an active vector; fn -1: none. Rewritten in place (no object per raise). */
interface Active {
  fn: number;
  vector: number;
  seq: number;
}

function inactive(a: Active): void {
  a.fn = -1;
  a.vector = 0;
  a.seq = 0;
}

export const resizeLosesNothing: Rule<Active> = {
  id: 'host.vfio.resize-loses-nothing',
  actor: 'host',
  section: 'docs/linux-qemu-vfio.md#growing-a-guests-vectors; ' +
    'docs/ambiguities.md#a13-growing-a-passthrough-vfs-vectors — Linux dynamic MSI-X (6.2) / vfio-pci (6.5) / QEMU ' +
    '8.2: growing a guest\'s vectors must not lose interrupts on active ones',
  kind: 'safety',
  description: 'An interrupt raised on an active passthrough vector (enabled, unmasked, host IRQ requested) reaches ' +
    'the guest, also while the host grows the VF\'s vectors.',
  init: () => ({ fn: -1, vector: 0, seq: 0 }),
  on: ['irq/raised', 'host/irqLost'],
  before: (s, e, a, report) => {
    if (e.type === 'irq/raised') {
      inactive(a);
      const f = s.fns[e.fn];
      if (!f || !f.msix.enabled || f.msix.functionMask || !isPassthroughDriver(f.driver)) return;
      const v = mappedVector(f.msix, e.source);
      if (v === VIRTIO_MSI_NO_VECTOR || v >= f.msix.tableSize || isMasked(f.msix, v) || !testBit(f.host.req, v)) return;
      a.fn = e.fn;
      a.vector = v;
      a.seq = e.seq;
    } else if (e.type === 'host/irqLost' && a.fn >= 0 && a.fn === e.fn && a.vector === e.vector
        && e.source !== 'pba') {
      report(`interrupt raised at seq ${a.seq} on active vector ${e.vector} of VF ${e.fn} never reached the ` +
        `guest (${e.reason})`);
      inactive(a);
    }
  },
};

export const budgetRespected: Rule = {
  id: 'host.vfio.budget-respected',
  actor: 'host',
  section: 'docs/linux-qemu-vfio.md#host-vector-exhaustion — request_irq takes a CPU vector from a finite pool ' +
    '(hostIrqBudget)',
  kind: 'safety',
  description: 'The host never holds more request_irq vectors than its budget.',
  on: ['host/irqRequested'],
  after: (s, e, _m, report) => {
    if (e.type === 'host/irqRequested' && s.host.used > s.config.hostIrqBudget) {
      report(`host holds ${s.host.used} IRQ vectors, budget ${s.config.hostIrqBudget} (VF ${e.fn} vector ${e.vector})`);
    }
  },
};

export const pasidProgrammed: Rule = {
  id: 'host.ims.pasid-programmed',
  actor: 'host',
  section: 'docs/linux-qemu-vfio.md#ims-and-pasids — Kevin Tian\'s IMS flow: allocation sets the default PASID, ' +
    'startup writes the descriptor\'s PASID to the IMS entry, a PASID request updates it',
  kind: 'safety',
  description: 'A started IMS entry carries the PASID of its descriptor (the default one, or the last one the guest ' +
    'asked for).',
  on: ['host/irqRequested', 'host/pasidSet'],
  after: (s, e, _m, report) => {
    if (e.type !== 'host/irqRequested' && e.type !== 'host/pasidSet') return;
    const h = s.fns[e.fn]?.host;
    if (!h || h.pasid.length <= e.vector || !testBit(h.req, e.vector)) return;
    if (h.imsPasid[e.vector] !== h.pasid[e.vector]) {
      report(`VF ${e.fn} IMS entry ${e.vector} is programmed with PASID ${h.imsPasid[e.vector]}, its descriptor says ` +
        `${h.pasid[e.vector]}`);
    }
  },
};

export const HOST_RULES: readonly Rule[] = [
  exhaustionOutcome as Rule,
  noSilentVector,
  resizeLosesNothing as Rule,
  budgetRespected,
  pasidProgrammed,
];

