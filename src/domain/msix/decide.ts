/**
 * MSI-X and ISR commands: the function's driver (PF driver, or a guest through the host for a
 * passthrough VF) and the device raising interrupts. Misuse never throws: it becomes an
 * `irq/refused` event (no such function, entry or queue; the guest was stopped).
 */
import type { DecideCtx, DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import type { MsixCommand } from './commands.js';
import { functionStatus, notifyProblem } from './gate.js';
import type { Profile } from '../profiles.js';
import { hostEnable, hostRelease, hostUnmask } from '../host/decide.js';
import { isPassthrough } from '../host/passthrough.js';
import { VIRTIO_MSI_NO_VECTOR } from '../spec/constants.js';
import type { TwinState } from '../state.js';
import { pendingDeliveries, sendMessage, unmaskEvents } from './deliver.js';
import { clearBit, setEntries } from './bits.js';
import { raiseInterrupt } from './raise.js';
import { isMasked, messageControl } from './table.js';
import { pfVectorPlan, storedVector } from './vectors.js';

const refused = (op: string, fn: number, reason: string, errno =
  'EINVAL'): EventBody[] => [{ type: 'irq/refused', fn, op, errno, reason }];

/** A refusal reason and its errno. */
type Problem = [errno: string, reason: string];

/** Why `fn` cannot take this access now, or null. `guest`: an access by the function's driver. */
function fnProblem(s: Readonly<TwinState>, fn: number, guest: boolean): Problem | null {
  if (!Number.isInteger(fn) || fn < 0 || fn >= s.fns.length) return ['ENODEV',
    `no function ${fn} (PF 0, VFs 1..${s.config.totalVFs})`];
  const f = s.fns[fn]!;
  if (!f.life.alive) return ['ENODEV',
    `VF ${fn} does not exist (VF Enable ${s.sriov.vfEnable ? 1 : 0}, NumVFs ${s.sriov.numVFs})`];
  if (guest && isPassthrough(f) && f.host.stopped) return ['EIO',
    `the guest owning VF ${fn} was stopped: ${f.host.stopped}`];
  return null;
}

function entryProblem(s: Readonly<TwinState>, fn: number, vector: number): Problem | null {
  const n = s.fns[fn]!.msix.tableSize;
  if (!Number.isInteger(vector) || vector < 0 || vector >= n) return ['EINVAL',
    `no MSI-X table entry ${vector} (Table Size ${n})`];
  return null;
}

function queueProblem(s: Readonly<TwinState>, fn: number, queue: number | 'config'): Problem | null {
  if (queue === 'config') return null;
  const n = s.fns[fn]!.msix.queueVectors.length;
  if (!Number.isInteger(queue) || queue < 0 || queue >= n) return ['EINVAL',
    `no virtqueue ${queue} (function ${fn} has ${n})`];
  return null;
}

function statusProblem(s: Readonly<TwinState>, fn: number, source: 'config' | number, profile: Profile):
    Problem | null {
  if (profile.quirks.notifyBeforeDriverOk) return null;
  const status = functionStatus(s, fn);
  // Checked before naming the function: the name is built only for a refusal.
  if (notifyProblem(status, source, '') === null) return null;
  return ['EPERM', notifyProblem(status, source, fn === 0 ? 'the PF' : `VF ${fn}`)!];
}

/** Run `then` only if the function (and entry / queue) is addressable. */
function checked(
  s: Readonly<TwinState>,
  op: string,
  fn: number,
  guest: boolean,
  then: () => EventBody[],
  more?: () => Problem | null,
): EventBody[] {
  const bad = fnProblem(s, fn, guest) ?? (more ? more() : null);
  return bad ? refused(op, fn, bad[1], bad[0]) : then();
}

function enable(s: Readonly<TwinState>, fn: number, ctx: DecideCtx): EventBody[] {
  const f = s.fns[fn]!;
  const m = f.msix;
  if (m.tableSize === 0) return refused('msix.enable', fn, `function ${fn} has no MSI-X table (Table Size 0)`,
    'EINVAL');
  if (m.enabled) return [{ type: 'msix/enabled', fn, enabled: true }];
  const passthrough = isPassthrough(f);
  const host = passthrough ? hostEnable(s, fn, ctx) : [];
  if (host.some((e) => e.type === 'host/guestStopped')) return host;
  const out: EventBody[] = [...host, { type: 'msix/enabled', fn, enabled: true }];
  if (m.functionMask) return out;
  // Entries left pending while MSI-X was off are deliverable now, unless masked. For a
  // passthrough VF only those the host just armed have a handler.
  const armed = new Set<number>();
  const remasked = new Set<number>();
  for (const e of host) {
    if (e.type === 'host/irqRequested') armed.add(e.vector);
    else if (e.type === 'msix/masked' && e.masked) remasked.add(e.vector);
  }
  for (const v of setEntries(m.pba, m.tableSize, m.mask)) {
    if (!remasked.has(v)) out.push(sendMessage(s, fn, v, 'pba', passthrough ? armed.has(v) : undefined));
  }
  return out;
}

export const msixDeciders: DeciderMap<MsixCommand['op']> = {
  'msix.enable': (s, c, ctx) => checked(s, c.op, c.fn, true, () => enable(s, c.fn, ctx)),
  'msix.disable': (s, c) =>
    checked(s, c.op, c.fn, true, () => [
      ...(isPassthrough(s.fns[c.fn]!) ? hostRelease(s, c.fn) : []),
      { type: 'msix/enabled', fn: c.fn, enabled: false },
    ]),
  'msix.mask': (s, c) =>
    checked(s, c.op, c.fn, true, () => [{ type: 'msix/masked', fn: c.fn, vector: c.vector, masked: true }],
      () => entryProblem(s, c.fn, c.vector)),
  'msix.unmask': (s, c, ctx) =>
    checked(
      s,
      c.op,
      c.fn,
      true,
      () => {
        const f = s.fns[c.fn]!;
        if (!isMasked(f.msix, c.vector)) return [{ type: 'msix/masked', fn: c.fn, vector: c.vector, masked: false }];
        // The host backs a guest vector when the guest unmasks it (QEMU's vector_use path).
        if (isPassthrough(f) && f.msix.enabled) return hostUnmask(s, c.fn, c.vector, c.tag ?? '', ctx);
        return unmaskEvents(s, c.fn, c.vector);
      },
      () => entryProblem(s, c.fn, c.vector),
    ),
  'msix.functionMask': (s, c) =>
    checked(s, c.op, c.fn, true, () => {
      const m = s.fns[c.fn]!.msix;
      const out: EventBody[] = [{ type: 'msix/functionMasked', fn: c.fn, masked: c.masked }];
      if (!c.masked && m.functionMask && m.enabled) out.push(...pendingDeliveries(s, c.fn));
      return out;
    }),
  // PCI: software changes an entry's address/data only while it is masked (Linux does); a device
  // may otherwise use either value, so this one keeps the old message and ignores the write.
  'msix.program': (s, c) =>
    checked(
      s,
      c.op,
      c.fn,
      true,
      () => {
        const m = s.fns[c.fn]!.msix;
        if (!isMasked(m, c.vector) && !m.functionMask) return [
          { type: 'msix/programIgnored', fn: c.fn, vector: c.vector }];
        return [{ type: 'msix/programmed', fn: c.fn, vector: c.vector, addrLo: c.addrLo >>> 0,
          addrHi: (c.addrHi ?? 0) >>> 0, data: c.data >>> 0 }];
      },
      () => entryProblem(s, c.fn, c.vector),
    ),
  // A function with no entries has no MSI-X capability to read: a Table Size field of 0 would
  // tell the driver it has one entry (PCI MSI-X capability, Table Size = N - 1).
  'msix.readControl': (s, c) =>
    checked(
      s,
      c.op,
      c.fn,
      true,
      () => [{ type: 'msix/controlRead', fn: c.fn, value: messageControl(s.fns[c.fn]!.msix) }],
      () => (s.fns[c.fn]!.msix.tableSize === 0
        ? ['EINVAL', `function ${c.fn} has no MSI-X table (Table Size 0)`] : null),
    ),
  // "MSI-X Vector Configuration": a value the device cannot honour reads back NO_VECTOR.
  'vector.map': (s, c) =>
    checked(
      s,
      c.op,
      c.fn,
      true,
      () => [{ type: 'msix/vectorMapped', fn: c.fn, source: c.queue, requested: c.vector,
        vector: storedVector(s.fns[c.fn]!.msix, c.vector) }],
      () => queueProblem(s, c.fn, c.queue) ?? (Number.isInteger(c.vector) && c.vector >= 0
        && c.vector <= VIRTIO_MSI_NO_VECTOR ? null : ['EINVAL', `vector ${c.vector} is not a le16`]),
    ),
  // The conforming device refuses to notify a function whose status forbids it; a deviating
  // profile notifies anyway (device.irq.no-notify-before-driver-ok catches it).
  // Written out rather than through `checked`: the hottest device command makes no closures.
  'device.notify': (s, c, ctx) => {
    const bad = fnProblem(s, c.fn, false) ?? queueProblem(s, c.fn, c.queue)
      ?? statusProblem(s, c.fn, c.queue, ctx.profile);
    return bad ? refused(c.op, c.fn, bad[1], bad[0]) : raiseInterrupt(s, c.fn, c.queue, ctx.profile);
  },
  'device.configChange': (s, c, ctx) => checked(s, c.op, c.fn, false,
    () => raiseInterrupt(s, c.fn, 'config', ctx.profile), () => statusProblem(s, c.fn, 'config', ctx.profile)),
  'isr.read': (s, c) => checked(s, c.op, c.fn, true,
    () => [{ type: 'isr/read', fn: c.fn, value: s.fns[c.fn]!.msix.isr }]),
};

/**
 * The PF driver's MSI-X setup during probe (pf.init), after the reset unmapped everything, as Linux
 * does it (docs/linux-qemu-vfio.md#msi-x-enable-sequence): Enable together with Function Mask,
 * unmask the entries it uses, map config and queues, clear Function Mask (which sends anything left
 * pending).
 */
export function pfProbeMsixEvents(s: Readonly<TwinState>): EventBody[] {
  const plan = pfVectorPlan(s.config);
  const m = s.fns[0]!.msix;
  if (!plan) return [];
  const out: EventBody[] = [{ type: 'msix/functionMasked', fn: 0, masked: true }];
  if (!m.enabled) out.push({ type: 'msix/enabled', fn: 0, enabled: true });
  const unmasked = m.mask.slice();
  for (let v = 0; v < plan.used && v < m.tableSize; v++) {
    if (isMasked(m, v)) out.push({ type: 'msix/masked', fn: 0, vector: v, masked: false });
    clearBit(unmasked, v);
  }
  out.push({ type: 'msix/vectorMapped', fn: 0, source: 'config', requested: plan.configVector,
    vector: storedVector(m, plan.configVector) });
  plan.queueVectors.forEach((v, q) => out.push(
    { type: 'msix/vectorMapped', fn: 0, source: q, requested: v, vector: storedVector(m, v) }));
  out.push({ type: 'msix/functionMasked', fn: 0, masked: false });
  for (const v of setEntries(m.pba, m.tableSize, unmasked)) out.push(sendMessage(s, 0, v, 'pba'));
  return out;
}
