/**
 * Host / VFIO decisions: binding drivers to VFs, and the host's reaction to a guest's MSI-X
 * accesses on a passthrough VF (see ./types.ts for the model and
 * docs/linux-qemu-vfio.md#passthrough-interrupts-vfio-pci-and-qemu for the facts). The MSI-X
 * deciders call `hostEnable` / `hostUnmask` / `hostRelease` for passthrough VFs.
 */
import type { DecideCtx, DeciderMap } from '../decider.js';
import type { EventBody } from '../events.js';
import type { WorkItem } from '../items.js';
import { countBits, filledWords, setEntries, testBit } from '../msix/bits.js';
import { unmaskEvents } from '../msix/deliver.js';
import { isMasked } from '../msix/table.js';
import type { TwinState } from '../state.js';
import { isPassthrough } from './passthrough.js';

const refused = (op: string, fn: number, errno: string,
  reason: string): EventBody[] => [{ type: 'irq/refused', fn, op, errno, reason }];

/** A live VF, or why not. */
export function vfProblem(s: Readonly<TwinState>, fn: number): string | null {
  if (!Number.isInteger(fn) || fn < 1 || fn > s.config.totalVFs) return `no VF ${fn} (TotalVFs ${s.config.totalVFs})`;
  if (!s.fns[fn]!.life.alive) return `VF ${fn} does not exist (VF Enable ${s.sriov.vfEnable ? 1 : 0}, NumVFs ` +
    `${s.sriov.numVFs})`;
  return null;
}

/**
 * request_irq failed. The configured policy decides what follows (a profile may override it to
 * model QEMU's silent failure). `unmask`: the failure came from the guest's unmask of `vector`
 * (rather than from an enable with the entry already unmasked).
 */
function exhausted(s: Readonly<TwinState>, fn: number, vector: number, ctx: DecideCtx, unmask: boolean, used =
    s.host.used): EventBody[] {
  const outcome = ctx.profile.quirks.hostSilentExhaustion ? 'silent' : s.config.hostExhaustion;
  const errno = 'ENOSPC'; // x86 irq_matrix_alloc: no CPU vector left
  const out: EventBody[] = [{ type: 'host/requestFailed', fn, vector, errno, outcome }];
  if (outcome === 'stop-guest') {
    const reason =
      `host IRQ vectors exhausted (${used}/${s.config.hostIrqBudget} in use) at the guest's unmask of VF ${fn} ` +
      `vector ${vector}`;
    out.push({ type: 'host/guestStopped', fn, reason });
  } else if (outcome === 'report-error') {
    out.push({ type: 'host/errorReported', fn, vector, errno });
    if (!unmask && !isMasked(s.fns[fn]!.msix, vector)) out.push({ type: 'msix/masked', fn, vector, masked: true });
  } else if (unmask) {
    out.push(...unmaskEvents(s, fn, vector, false));
  }
  return out;
}

/** Guest MSI-X enable on a passthrough VF: allocate, then request every entry already unmasked. */
export function hostEnable(s: Readonly<TwinState>, fn: number, ctx: DecideCtx): EventBody[] {
  const { config } = s;
  const m = s.fns[fn]!.msix;
  const unmasked = setEntries(filledWords(m.tableSize, true), m.tableSize, m.mask);
  // QEMU enables host MSI-X at once with what it needs (at least vector 0); IMS allocates all.
  const count = config.hostIms ? m.tableSize : Math.max(1, (unmasked[unmasked.length - 1] ?? -1) + 1);
  const out: EventBody[] = [{ type: 'host/allocated', fn, count, pasid: config.hostIms
    ? config.hostDefaultPasid : null }];
  let used = s.host.used;
  for (const v of unmasked) {
    if (used >= config.hostIrqBudget) {
      const fail = exhausted(s, fn, v, ctx, false, used);
      out.push(...fail);
      if (fail.some((e) => e.type === 'host/guestStopped')) break;
      continue;
    }
    out.push({ type: 'host/irqRequested', fn, vector: v });
    used++;
  }
  return out;
}

/** Guest unmask of an entry on a passthrough VF with MSI-X enabled. */
export function hostUnmask(s: Readonly<TwinState>, fn: number, vector: number, tag: string,
    ctx: DecideCtx): EventBody[] {
  const { config } = s;
  const h = s.fns[fn]!.host;
  if (testBit(h.req, vector)) return unmaskEvents(s, fn, vector);
  if (h.resize) return refused('msix.unmask', fn, 'EBUSY',
    `the host is re-creating VF ${fn}'s vectors (resize window open); retry after it`);
  if (s.host.used >= config.hostIrqBudget) return exhausted(s, fn, vector, ctx, true);
  if (!config.hostIms && config.hostResize === 'disable-reenable' && !testBit(h.alloc, vector)) {
    // NORESIZE: the new entry needs a bigger block. The unmask completes when the host is done.
    return [{ type: 'host/resizeStarted', fn, vector, size: Math.max(countBits(h.alloc), vector + 1), tag }];
  }
  return [{ type: 'host/irqRequested', fn, vector }, ...unmaskEvents(s, fn, vector, true)];
}

/** Free every host vector of the VF (guest MSI-X disable, unbind), if it holds any. */
export function hostRelease(s: Readonly<TwinState>, fn: number): EventBody[] {
  const h = s.fns[fn]!.host;
  return h.alloc.length > 0 || h.resize !== null ? [{ type: 'host/released', fn }] : [];
}

/** Ready host work: one resize per VF with an open window, ascending (no VF scan). */
export function hostItems(s: Readonly<TwinState>, out: WorkItem[]): void {
  for (const fn of s.host.resizing) {
    const r = s.fns[fn]!.host.resize!;
    out.push(r.tag ? { kind: 'host.resize', fn, tag: r.tag } : { kind: 'host.resize', fn });
  }
}

/** The host finishes a NORESIZE resize: re-enable with the bigger block, request the new entry. */
export function runHostItem(s: Readonly<TwinState>, item: Extract<WorkItem, { kind: 'host.resize' }>,
    ctx: DecideCtx): EventBody[] {
  const r = s.fns[item.fn]!.host.resize;
  if (!r) return [];
  const out: EventBody[] = [{ type: 'host/resizeDone', fn: item.fn, size: r.size }];
  if (s.host.used >= s.config.hostIrqBudget) return [...out, ...exhausted(s, item.fn, r.vector, ctx, true)];
  return [...out, { type: 'host/irqRequested', fn: item.fn, vector: r.vector },
    ...unmaskEvents(s, item.fn, r.vector, true)];
}

function unbind(s: Readonly<TwinState>, fn: number): EventBody[] {
  return [...(isPassthrough(s.fns[fn]!) ? hostRelease(s, fn) : []), { type: 'vf/unbound', fn }];
}

/** SR-IOV disable: Linux removes every VF (its driver's remove runs) before clearing VF Enable. */
export function unbindAllVfs(s: Readonly<TwinState>): EventBody[] {
  const out: EventBody[] = [];
  for (let i = 1; i <= s.sriov.numVFs; i++) if (s.fns[i]!.driver !== null) out.push(...unbind(s, i));
  return out;
}

export const hostDeciders: DeciderMap<'vf.bind' | 'vf.unbind' | 'host.setPasid'> = {
  'vf.bind': (s, c) => {
    const bad = vfProblem(s, c.fn);
    if (bad) return refused(c.op, c.fn, 'ENODEV', bad);
    const cur = s.fns[c.fn]!.driver;
    if (cur !== null) return refused(c.op, c.fn, 'EBUSY', `VF ${c.fn} is already bound to ${cur}`);
    return [{ type: 'vf/bound', fn: c.fn, driver: c.driver }];
  },
  'vf.unbind': (s, c) => {
    const bad = vfProblem(s, c.fn);
    if (bad) return refused(c.op, c.fn, 'ENODEV', bad);
    if (s.fns[c.fn]!.driver === null) return refused(c.op, c.fn, 'ENODEV', `VF ${c.fn} has no driver bound`);
    return unbind(s, c.fn);
  },
  'host.setPasid': (s, c, ctx) => {
    const bad = vfProblem(s, c.fn);
    if (bad) return refused(c.op, c.fn, 'ENODEV', bad);
    const f = s.fns[c.fn]!;
    if (!isPassthrough(f) || !s.config.hostIms) return refused(c.op, c.fn, 'EINVAL',
      `VF ${c.fn} is not a passthrough VF with IMS (hostIms, a vfio driver)`);
    if (!Number.isInteger(c.vector) || c.vector < 0 || c.vector >= f.host.pasid.length) {
      return refused(c.op, c.fn, 'EINVAL',
        `entry ${c.vector} has no host allocation (the guest has not enabled MSI-X, or Table Size ` +
        `${f.msix.tableSize})`);
    }
    const programmed = testBit(f.host.req, c.vector) && !ctx.profile.quirks.imsStalePasid;
    return [{ type: 'host/pasidSet', fn: c.fn, vector: c.vector, pasid: c.pasid, programmed }];
  },
};
