/**
 * Interrupt steps. An interrupt line is first matched against what the twin's own device work
 * already sent (an admin completion's interrupt, a pending message sent at an unmask); only a line
 * nothing explains makes the device raise the event mapped to that vector by the driver's own
 * writes, and the outcome (sent, pended, nothing) is compared with what the capture saw. MSI-X
 * capability writes and reads are the function's driver's.
 */
import {
  PCI_MSIX_FLAGS_ENABLE,
  PCI_MSIX_FLAGS_MASKALL,
  PCI_MSIX_FLAGS_QSIZE as MC_TABLE,
} from '../domain/spec/pci.js';
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { VIRTIO_MSI_NO_VECTOR } from '../domain/spec/constants.js';
import { hex } from './divergence.js';
import { outcomeKey, type ShadowCtx } from './shadowCtx.js';
import type { IrqSource, Step } from './steps.js';

type IrqStep = Extract<Step, { k: 'irq' }>;


/** The event the driver mapped to `vector` (config first, then the lowest queue), or null. */
export function sourceOf(ctx: ShadowCtx, fn: number, vector: number): IrqSource | null {
  const m = ctx.engine.state.fns[fn]?.msix;
  if (!m || vector === VIRTIO_MSI_NO_VECTOR) return null;
  if (m.configVector === vector) return 'config';
  const q = m.queueVectors.indexOf(vector);
  return q >= 0 ? q : null;
}

function describe(s: IrqStep): string {
  if (s.vector === 'intx') return 'an INTx interrupt';
  if (s.vector === null) return 'no message';
  return s.pending ? `the pending bit of vector ${s.vector} set (message held)` : `a message on vector ${s.vector}`;
}

interface Outcome {
  kind: 'sent' | 'pending' | 'none' | 'intx';
  vector: number | null;
  seq: number;
  /**
   * Why nothing was sent: the host lost it, the event is unmapped, the device status forbids it
   * (a refusal with EPERM), or the raise was refused otherwise.
   */
  why: 'lost' | 'unmapped' | 'status' | 'refused' | null;
  reason: string;
}

/** The event that says what the twin did with a raise, if any (none: MSI-X off, INTx). */
function outcomeEvent(events: readonly Event[]): Event | undefined {
  for (const e of events) {
    switch (e.type) {
      case 'msix/delivered':
      case 'msix/pended':
      case 'msix/unmapped':
      case 'host/irqLost':
      case 'irq/refused':
        return e;
      default:
    }
  }
  return undefined;
}

/** What the twin did with the raise, in the capture's terms (text only when a mismatch needs it). */
function outcome(events: readonly Event[], fallbackSeq: number): Outcome {
  for (const e of events) {
    switch (e.type) {
      case 'msix/delivered':
        return { kind: 'sent', vector: e.vector, seq: e.seq, why: null, reason: '' };
      case 'msix/pended':
        return { kind: 'pending', vector: e.vector, seq: e.seq, why: null, reason: '' };
      case 'msix/unmapped':
        return { kind: 'none', vector: null, seq: e.seq, why: 'unmapped', reason: '' };
      case 'host/irqLost':
        return { kind: 'none', vector: null, seq: e.seq, why: 'lost', reason: e.reason };
      case 'irq/refused': {
        const why = e.errno === 'EPERM' ? 'status' : 'refused';
        return { kind: 'none', vector: null, seq: e.seq, why, reason: e.reason };
      }
      default:
    }
  }
  return { kind: 'intx', vector: null, seq: events[events.length - 1]?.seq ?? fallbackSeq, why: null, reason: '' };
}

function outcomeText(o: Outcome): string {
  if (o.kind === 'sent') return `a message on vector ${o.vector}`;
  if (o.kind === 'pending') return `the pending bit of vector ${o.vector} set (entry or function masked)`;
  if (o.kind === 'intx') return 'an INTx interrupt (MSI-X disabled: ISR set)';
  if (o.why === 'lost') return `lost by the host (${o.reason})`;
  if (o.why === 'refused' || o.why === 'status') return `no interrupt (${o.reason})`;
  return 'no message: the event is mapped to NO_VECTOR';
}

/** Whether the raise's events are what the capture saw (the outcome's kind and vector, compared). */
function matches(s: IrqStep, events: readonly Event[]): boolean {
  const e = outcomeEvent(events);
  let kind: Outcome['kind'] = 'none';
  if (e === undefined) kind = 'intx';
  else if (e.type === 'msix/delivered') kind = 'sent';
  else if (e.type === 'msix/pended') kind = 'pending';
  if (s.vector === 'intx') return kind === 'intx';
  if (s.vector === null) return kind === 'none';
  if (kind !== 'sent' && kind !== 'pending') return false;
  if ((e as Extract<Event, { type: 'msix/delivered' | 'msix/pended' }>).vector !== s.vector) return false;
  return kind === 'sent' ? s.pending !== true : s.pending !== false;
}

/** What every interrupt divergence says about the line. */
function irqDivergence(s: IrqStep, vectorNo: number | null) {
  return {
    line: s.line,
    fn: s.fn,
    what: `${s.fn === 0 ? 'PF' : `VF ${s.fn}`} interrupt${vectorNo === null ? '' : ` on vector ${vectorNo}`}`,
    observed: describe(s),
  };
}

/** The rule a mismatch breaks, and who broke it. */
function ruleFor(ctx: ShadowCtx, s: IrqStep, got: Outcome): { rule: string; actor?: 'host' | 'device' } {
  if (got.kind === 'pending' && s.pending === false)
    return { rule: 'device.msix.masked-never-delivered', actor: ctx.plan.maskActor };
  if (got.kind === 'sent' && s.pending === true)
    return { rule: 'host.vfio.pended-only-while-masked', actor: ctx.plan.maskActor };
  if (got.why === 'status' && s.vector !== null) return { rule: 'device.irq.no-notify-before-driver-ok' };
  if (got.kind === 'none' && got.why !== 'lost' && typeof s.vector === 'number')
    return { rule: 'device.msix.no-vector-silent' };
  return { rule: 'device.msix.no-lost-interrupt' };
}

export function runIrq(ctx: ShadowCtx, s: IrqStep): void {
  ctx.observed();
  const kind = s.vector === null ? 'none' : s.pending ? 'pending' : 'sent';
  if (ctx.takeOutcome(outcomeKey(s.fn, s.vector, kind))) return;
  if (s.pending === null && s.vector !== null && ctx.takeOutcome(outcomeKey(s.fn, s.vector, 'pending'))) return;
  const vectorNo = typeof s.vector === 'number' ? s.vector : null;
  const source = s.source ?? (vectorNo === null ? null : sourceOf(ctx, s.fn, vectorNo));
  if (source === null) {
    const expected = `nothing: no event is mapped to vector ${String(s.vector)}`;
    const d = irqDivergence(s, vectorNo);
    return ctx.diverge({ ...d, seq: ctx.lastSeq(), expected, rule: 'device.msix.no-vector-silent' });
  }
  const cmd: Command =
    source === 'config' ? { op: 'device.configChange', fn: s.fn } : { op: 'device.notify', fn: s.fn, queue: source };
  ctx.status.beforeNotify(s.fn, source, s.line);
  const events = ctx.raise(cmd);
  if (matches(s, events)) return;
  const got = outcome(events, ctx.lastSeq());
  ctx.diverge({ ...irqDivergence(s, vectorNo), seq: got.seq, expected: outcomeText(got), ...ruleFor(ctx, s, got) });
}

type MsixStep = Extract<Step, { k: 'msix' }>;

export function msixCommand(s: MsixStep): Command {
  switch (s.op) {
    case 'enable':
      return { op: 'msix.enable', fn: s.fn };
    case 'disable':
      return { op: 'msix.disable', fn: s.fn };
    case 'fmask':
    case 'funmask':
      return { op: 'msix.functionMask', fn: s.fn, masked: s.op === 'fmask' };
    case 'mask':
      return { op: 'msix.mask', fn: s.fn, vector: s.vector ?? 0 };
    case 'unmask':
      return { op: 'msix.unmask', fn: s.fn, vector: s.vector ?? 0 };
  }
}

export function runMsix(ctx: ShadowCtx, s: MsixStep): void {
  ctx.exec(msixCommand(s));
  // A host that grows vectors by disable/re-enable finishes the unmask as host work.
  ctx.drive(
    (item) => item.kind === 'host.resize' && item.fn === s.fn,
    () => null,
  );
}

export function runMsixRead(ctx: ShadowCtx, s: Extract<Step, { k: 'msixRead' }>): void {
  ctx.observed();
  const events = ctx.exec({ op: 'msix.readControl', fn: s.fn });
  const read = events.find((e) => e.type === 'msix/controlRead');
  const expected = read?.type === 'msix/controlRead' ? read.value : null;
  const mask = PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | MC_TABLE;
  if (expected !== null && (expected & mask) === (s.value & mask)) return;
  // Table Size is the device's; Enable and Function Mask, in a vfio capture, QEMU's emulation.
  const sizeDiffers = expected === null || (expected & MC_TABLE) !== (s.value & MC_TABLE);
  ctx.diverge({
    line: s.line,
    seq: events[events.length - 1]?.seq ?? ctx.lastSeq(),
    fn: s.fn,
    what: `${s.fn === 0 ? 'PF' : `VF ${s.fn}`} MSI-X Message Control read`,
    observed: hex(s.value),
    expected: expected === null ? 'no MSI-X capability' : hex(expected),
    rule: 'device.msix.control-readback',
    actor: sizeDiffers ? 'device' : ctx.plan.maskActor,
  });
}

export function runPbaRead(ctx: ShadowCtx, s: Extract<Step, { k: 'pbaRead' }>): void {
  ctx.observed();
  const expected = (ctx.engine.state.fns[s.fn]?.msix.pba[s.word] ?? 0) >>> 0;
  if (expected === s.value >>> 0) return;
  ctx.diverge({
    line: s.line,
    seq: ctx.lastSeq(),
    fn: s.fn,
    what: `${s.fn === 0 ? 'PF' : `VF ${s.fn}`} Pending Bit Array word ${s.word}`,
    observed: hex(s.value >>> 0),
    expected: hex(expected),
    rule: 'device.msix.pba-readback',
    actor: ctx.plan.maskActor,
  });
}

/** A vector mapping through the common configuration, and its read-back when the capture saw it. */
export function runMap(ctx: ShadowCtx, s: Extract<Step, { k: 'map' }>): void {
  const events = ctx.exec({ op: 'vector.map', fn: s.fn, queue: s.source, vector: s.vector });
  if (s.readBack === null) return;
  ctx.observed();
  const mapped = events.find((e) => e.type === 'msix/vectorMapped');
  const expected = mapped?.type === 'msix/vectorMapped' ? mapped.vector : VIRTIO_MSI_NO_VECTOR;
  if (expected === s.readBack) return;
  const event = s.source === 'config' ? 'config' : `queue ${s.source}`;
  const what = `${s.fn === 0 ? 'PF' : `VF ${s.fn}`} ${event} vector read back`;
  ctx.diverge({
    line: s.line,
    seq: events[events.length - 1]?.seq ?? ctx.lastSeq(),
    fn: s.fn,
    what,
    observed: hex(s.readBack),
    expected: hex(expected),
    rule: 'device.msix.vector-readback',
  });
}
