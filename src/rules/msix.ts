/**
 * MSI-X and ISR rules (PCI MSI-X, docs/spec-notes.md#msi-x-masking-and-pending-bits; virtio 1.4
 * §4.1.5.1.2 MSI-X Vector Configuration, §4.1.5.3 Used Buffer Notifications, §4.1.5.4 Notification
 * of Device Configuration Changes). They judge the device from the state it raised in, never by
 * calling its decision code. A raise's outcome events follow its `irq/raised` within the same
 * command, so an outcome still missing at the next raise, the next command or settle is missing.
 */
import type { Event } from '../domain/events.js';
import { setEntries } from '../domain/msix/bits.js';
import type { MsixFnState } from '../domain/msix/types.js';
import { isMasked, isPending } from '../domain/msix/table.js';
import { mappedVector } from '../domain/msix/vectors.js';
import { VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import type { Report, Rule } from './framework.js';
import { isEmpty } from '../util/keys.js';
import { alive, mapWithinTable, programWhileMasked, VEC_CFG } from './msixDriver.js';

const PCI_MASK =
  'docs/spec-notes.md#msi-x-masking-and-pending-bits — PCI MSI-X: the Vector Control mask bit and the Function Mask ' +
  'stop messages';
const PCI_PBA =
  'docs/spec-notes.md#msi-x-masking-and-pending-bits — PCI MSI-X: a masked vector sets its Pending bit; unmask sends ' +
  'it once and clears it';

/** The vector a raise on `m` must end on (MSI-X on, mapped to a table entry), or null. */
function raiseTarget(m: Readonly<MsixFnState> | null, source: 'config' | number): number | null {
  if (!m || !m.enabled) return null;
  const v = mappedVector(m, source);
  return v !== VIRTIO_MSI_NO_VECTOR && v < m.tableSize ? v : null;
}

const sent = (e: Event): e is Extract<Event, { type: 'msix/delivered' | 'host/irqLost' }> =>
  e.type === 'msix/delivered' || e.type === 'host/irqLost';

export const maskedNeverDelivered: Rule = {
  id: 'device.msix.masked-never-delivered',
  actor: 'device',
  section: PCI_MASK,
  kind: 'safety',
  description: 'No MSI-X message is sent on a vector whose entry or function is masked, or while MSI-X is disabled.',
  on: ['msix/delivered', 'host/irqLost'],
  before: (s, e, _m, report) => {
    if (!sent(e)) return;
    const m = alive(s, e.fn);
    if (!m) return report(`message on vector ${e.vector} of function ${e.fn}, which does not exist`);
    if (!m.enabled) report(`function ${e.fn} sent vector ${e.vector} with MSI-X disabled`);
    else if (m.functionMask) report(`function ${e.fn} sent vector ${e.vector} while its Function Mask is set`);
    else if (isMasked(m, e.vector)) report(`function ${e.fn} sent vector ${e.vector} while the entry is masked`);
  },
};

/** The raise still waiting for its outcome; fn -1: none. Rewritten in place (no object per raise). */
interface Open {
  fn: number;
  vector: number;
  seq: number;
  source: 'config' | number;
}

const noOpen = (): Open => ({ fn: -1, vector: 0, seq: 0, source: 'config' });

function closeOpen(o: Open): void {
  o.fn = -1;
  o.vector = 0;
  o.seq = 0;
  o.source = 'config';
}

function flushOpen(mem: Open, report: Report, what: (o: Open) => string): void {
  if (mem.fn < 0) return;
  report(what(mem));
  closeOpen(mem);
}

const lostMessage = (o: Open) =>
  `the ${o.source === 'config' ? 'config' : `queue ${o.source}`} interrupt raised at seq ${o.seq} on function ` +
    `${o.fn} vector ${o.vector} was neither sent nor latched in the PBA`;

export const noLostInterrupt: Rule<Open> = {
  id: 'device.msix.no-lost-interrupt',
  actor: 'device',
  section: PCI_PBA,
  kind: 'safety',
  description: 'An interrupt raised on a mapped vector with MSI-X enabled is sent, or (vector or function masked) ' +
    'latched in the PBA.',
  init: noOpen,
  on: ['irq/raised', 'msix/delivered', 'msix/pended', 'host/irqLost'],
  // Returns whether a raise is still open: once its outcome closed it, the next command has nothing to flush.
  before: (s, e, mem, report) => {
    if (e.type === 'irq/raised') {
      flushOpen(mem, report, lostMessage);
      const v = raiseTarget(alive(s, e.fn), e.source);
      if (v === null) return false;
      mem.fn = e.fn;
      mem.vector = v;
      mem.seq = e.seq;
      mem.source = e.source;
    } else if (mem.fn >= 0 && (e.type === 'msix/pended' || (sent(e) && e.source !== 'pba')) && mem.fn === e.fn
        && mem.vector === e.vector) {
      closeOpen(mem);
    }
    return mem.fn >= 0;
  },
  commandActs: 'flush',
  command: (_s, _c, mem, report) => flushOpen(mem, report, lostMessage),
  settle: (_s, mem, report) => flushOpen(mem, report, lostMessage),
};

interface Due {
  /** "fn:vector" -> times sent from the PBA in this command. */
  due: Record<string, number>;
}

function expectPending(fn: number, vectors: number[], mem: Due): void {
  for (const v of vectors) mem.due[`${fn}:${v}`] = 0;
}

function flushDue(mem: Due, report: Report): void {
  // Nothing became deliverable in the last command (almost always): nothing to judge, nothing to reset.
  if (isEmpty(mem.due)) return;
  for (const k of Object.keys(mem.due).sort()) {
    if (mem.due[k] === 0) {
      const [fn, v] = k.split(':');
      report(`function ${fn} vector ${v} was pending and became deliverable, but its message was never sent`);
    }
  }
  mem.due = {};
}

export const pendingDeliveredOnce: Rule<Due> = {
  id: 'device.msix.pending-delivered-once',
  actor: 'device',
  section: PCI_PBA,
  kind: 'safety',
  description: 'When a pending vector becomes deliverable (entry unmask, Function Mask clear, MSI-X enable) its ' +
    'message is sent exactly once; nothing is sent from the PBA otherwise.',
  init: () => ({ due: {} }),
  on: ['msix/masked', 'msix/functionMasked', 'msix/enabled', 'msix/delivered', 'host/irqLost'],
  before: (s, e, mem, report) => {
    // A message not sent from the PBA (nearly every one) is no concern of this rule: no state read,
    // and the next command has something to flush only if an earlier event left it.
    if (sent(e) && e.source !== 'pba') return !isEmpty(mem.due);
    const m = 'fn' in e ? alive(s, e.fn) : null;
    if (!m) return;
    if (e.type === 'msix/masked') {
      if (!e.masked && m.enabled && !m.functionMask && isMasked(m, e.vector)
        && isPending(m, e.vector)) expectPending(e.fn, [e.vector], mem);
    } else if (e.type === 'msix/functionMasked') {
      if (!e.masked && m.functionMask && m.enabled) expectPending(e.fn, setEntries(m.pba, m.tableSize, m.mask), mem);
    } else if (e.type === 'msix/enabled') {
      if (e.enabled && !m.enabled && !m.functionMask) expectPending(e.fn, setEntries(m.pba, m.tableSize, m.mask), mem);
    } else if (sent(e) && e.source === 'pba') {
      const k = `${e.fn}:${e.vector}`;
      const n = mem.due[k];
      if (n === undefined) report(
        `function ${e.fn} sent vector ${e.vector} from the PBA though it did not just become deliverable`);
      else if (n > 0) report(`function ${e.fn} sent pending vector ${e.vector} more than once`);
      else if (!isPending(m, e.vector)) report(
        `function ${e.fn} sent vector ${e.vector} from the PBA with its pending bit clear`);
      if (n !== undefined) mem.due[k] = n + 1;
    }
  },
  commandActs: 'flush',
  command: (_s, _c, mem, report) => flushDue(mem, report),
  settle: (_s, mem, report) => flushDue(mem, report),
};

export const pendingNotStranded: Rule<{ fns: Record<number, true> }> = {
  id: 'device.msix.pending-not-stranded',
  actor: 'device',
  section: PCI_PBA,
  kind: 'liveness',
  description: 'When the run settles, no vector is still pending while MSI-X is enabled and neither it nor its ' +
    'function is masked.',
  init: () => ({ fns: {} }),
  on: ['msix/pended'],
  after: (_s, e, mem) => {
    if (e.type === 'msix/pended') mem.fns[e.fn] = true;
  },
  settle: (s, mem, report) => {
    for (const k of Object.keys(mem.fns)) {
      const fn = Number(k);
      const m = alive(s, fn);
      const stuck = m ? setEntries(m.pba, m.tableSize, m.mask) : [];
      if (!m || stuck.length === 0) delete mem.fns[fn];
      else if (m.enabled && !m.functionMask) report(
        `function ${fn} vector(s) ${stuck.slice(0, 8).join(', ')} pending while unmasked: never delivered`);
    }
  },
};

/** The last raise; fn -1: none yet. Rewritten in place by the next one (no object per raise). */
interface LastRaise {
  fn: number;
  seq: number;
  source: 'config' | number;
  unmapped: boolean;
  isrSeen: boolean;
}

const noRaise = (): LastRaise => ({ fn: -1, seq: 0, source: -1, unmapped: false, isrSeen: false });

function raised(last: LastRaise, e: Extract<Event, { type: 'irq/raised' }>, unmapped: boolean): void {
  last.fn = e.fn;
  last.seq = e.seq;
  last.source = e.source;
  last.unmapped = unmapped;
  last.isrSeen = false;
}

export const noVectorSilent: Rule<LastRaise> = {
  id: 'device.msix.no-vector-silent',
  actor: 'device',
  section: `${VEC_CFG}; virtio 1.4 §4.1.5.3 Used Buffer Notifications; virtio 1.4 §4.1.5.4 Notification of Device ` +
    `Configuration Changes — an event mapped to VIRTIO_MSI_NO_VECTOR sends nothing (and latches nothing)`,
  kind: 'safety',
  description: 'With MSI-X enabled, an interrupt whose source is mapped to NO_VECTOR is neither sent nor left pending.',
  init: noRaise,
  // A raise's outcome follows its own irq/raised within one command, which overwrites the last raise.
  scratch: true,
  on: ['irq/raised', 'msix/delivered', 'msix/pended', 'host/irqLost'],
  before: (s, e, last, report) => {
    if (e.type === 'irq/raised') {
      const m = alive(s, e.fn);
      raised(last, e, !!m && m.enabled && raiseTarget(m, e.source) === null);
    } else if (last.unmapped && (e.type === 'msix/pended' || (sent(e) && e.source !== 'pba')) && last.fn === e.fn) {
      report(`function ${e.fn}: ${e.type} on vector ${e.vector} for an interrupt (seq ${last.seq}) whose source ` +
        `is mapped to NO_VECTOR`);
    }
  },
};

export const isrConfigBit: Rule<LastRaise> = {
  id: 'device.isr.config-change-bit',
  actor: 'device',
  section: 'virtio 1.4 §4.1.4.5 ISR status capability / Device Requirements; virtio 1.4 §4.1.5.4 Notification of ' +
    'Device Configuration Changes — bit 1 is set before every config-change notification, even with MSI-X',
  kind: 'safety',
  description: 'A config-change interrupt sets ISR bit 1 before any message is sent or latched for it.',
  init: noRaise,
  // A raise's outcome follows its own irq/raised within one command, which overwrites the last raise.
  scratch: true,
  on: ['irq/raised', 'isr/set', 'msix/delivered', 'msix/pended', 'host/irqLost'],
  before: (_s, e, last, report) => {
    if (e.type === 'irq/raised') raised(last, e, false);
    else if (e.type === 'isr/set') {
      if (last.fn === e.fn && (e.bits & 2) !== 0) last.isrSeen = true;
    } else if (last.source === 'config' && (e.type === 'msix/pended' || (sent(e) && e.source !== 'pba'))
        && last.fn === e.fn && !last.isrSeen) {
      report(`function ${e.fn}: config-change interrupt (seq ${last.seq}) signalled on vector ${e.vector} before ` +
        `ISR bit 1 was set`);
    }
  },
};

export const vectorReadback: Rule = {
  id: 'device.msix.vector-readback',
  actor: 'device',
  section: `${VEC_CFG} / Device Requirements; docs/ambiguities.md#a11-a-vector-written-beyond-the-msi-x-table — a ` +
    `read returns the mapping, or NO_VECTOR when it could not be honoured; mapping a valid entry SHOULD succeed`,
  kind: 'safety',
  description: 'After a config/queue vector write, the register reads back the entry written when it names a table ' +
    'entry, else NO_VECTOR.',
  on: ['msix/vectorMapped'],
  after: (s, e, _m, report) => {
    if (e.type !== 'msix/vectorMapped') return;
    const m = alive(s, e.fn);
    if (!m) return;
    const got = mappedVector(m, e.source);
    const want = e.requested < m.tableSize ? e.requested : VIRTIO_MSI_NO_VECTOR;
    if (got !== want) report(
      `function ${e.fn} ${e.source === 'config' ? 'config' : `queue ${e.source}`} vector written ${e.requested} ` +
      `reads back ${got}, expected ${want}`);
  },
};

export const MSIX_RULES: readonly Rule[] = [
  maskedNeverDelivered,
  noLostInterrupt as Rule,
  pendingDeliveredOnce as Rule,
  pendingNotStranded as Rule,
  noVectorSilent as Rule,
  isrConfigBit as Rule,
  vectorReadback,
  programWhileMasked,
  mapWithinTable,
];
