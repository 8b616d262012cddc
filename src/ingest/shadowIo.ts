/**
 * A guest access to a VF's virtual I/O BAR0 (QEMU's vfio_region_read/write of region 0): the host
 * mapper turns it into admin commands, the device processes them, the PF driver reaps, and the
 * guest's PIO returns. A QEMU log shows none of that, only the access and, for a read, the value:
 * the run does exactly the work that access needs, in order (vfio serialises a VF's accesses and
 * the vCPU waits), then compares the value with the twin's.
 */
import type { Event } from '../domain/events.js';
import type { WorkItem } from '../domain/items.js';
import { VIRTIO_PCI_CONFIG_OFF, VIRTIO_PCI_ISR, VIRTIO_PCI_STATUS } from '../domain/spec/legacy.js';
import { hex } from './divergence.js';
import type { ShadowCtx } from './shadowCtx.js';
import type { Step } from './steps.js';

type IoStep = Extract<Step, { k: 'io' }>;
type IoDone = Extract<Event, { type: 'mapper/ioCompleted' }>;

const COMMON_NAMES: Record<number, string> = {
  0: 'device features',
  4: 'driver features',
  8: 'queue PFN',
  12: 'queue size',
  14: 'queue select',
  16: 'queue notify',
  18: 'device status',
  19: 'ISR status',
};

/** The register an access names, as a sentence fragment. */
export function registerName(offset: number, msix: boolean): string {
  const cfg = VIRTIO_PCI_CONFIG_OFF(msix);
  if (offset >= cfg) return `device config +${offset - cfg}`;
  if (msix && offset === 20) return 'config vector';
  if (msix && offset === 22) return 'queue vector';
  return COMMON_NAMES[offset] ?? `offset ${offset}`;
}

/**
 * The access being performed: what `want` and `until` look for. One for the module (an access is
 * performed to its answer before the next starts), so no closures are made per access.
 */
const access = { fn: 0, id: -1, tag: '' };

/** The work an access needs: its VF's mapper, the admin command it became, the reap of queue 0. */
function want(item: WorkItem): boolean {
  switch (item.kind) {
    case 'mapper.issue':
    case 'mapper.abort':
      return item.fn === access.fn;
    case 'aq.start':
    case 'aq.complete':
      return item.tag === (access.tag ||= `io${access.id}`);
    case 'aq.reap':
      return item.q === 0;
    default:
      return false;
  }
}

function until(events: Event[]): IoDone | null {
  for (const e of events) if (e.type === 'mapper/ioCompleted' && e.id === access.id) return e;
  return null;
}

type Answer = IoDone | { type: 'rejected'; errno: string; seq: number };

/** Issue the access and run the work it needs; the answer, or null if it never comes. */
function perform(ctx: ShadowCtx, s: IoStep): Answer | null {
  const events = ctx.exec(
    s.write
      ? { op: 'guest.io.write', fn: s.fn, offset: s.offset, size: s.size, value: s.value }
      : { op: 'guest.io.read', fn: s.fn, offset: s.offset, size: s.size },
  );
  let id = -1;
  for (const e of events) {
    if (e.type === 'mapper/queued') id = e.access.id;
    else if (e.type === 'mapper/ioRejected') return { type: 'rejected', errno: e.errno, seq: e.seq };
  }
  if (id < 0) return null;
  access.fn = s.fn;
  access.id = id;
  access.tag = '';
  return ctx.drive(want, until);
}

function describeIo(s: IoStep, msix: boolean): string {
  const size = `${s.size} byte${s.size > 1 ? 's' : ''}`;
  const access = `${s.write ? 'write' : 'read'} of ${registerName(s.offset, msix)}`;
  return `VF ${s.fn} ${access} (BAR0 +${hex(s.offset)}, ${size})`;
}

export function runIo(ctx: ShadowCtx, s: IoStep): void {
  if (!s.write && s.offset === VIRTIO_PCI_STATUS && s.size === 1) ctx.status.beforeRead(s.fn, s.value, s.line);
  const answer = perform(ctx, s);
  const msix = ctx.engine.state.fns[s.fn]?.msix.enabled ?? false;
  const common = s.offset < VIRTIO_PCI_CONFIG_OFF(msix);
  if (s.write) {
    if (common) ctx.history.wrote(s.fn, s.offset);
    if (answer === null)
      unanswered(ctx, s, describeIo(s, msix), 'the write completed (QEMU logs it when the access returns)');
    return;
  }
  ctx.observed();
  if (answer === null) return unanswered(ctx, s, describeIo(s, msix), hex(s.value));
  if (answer.type === 'rejected' || !answer.ok) {
    const errno = answer.type === 'rejected' ? answer.errno : (answer.errno ?? 'an error');
    const rule = errno === 'EINVAL' ? 'device.legacy.field-access' : 'device.aq.completion-matches';
    const what = describeIo(s, msix);
    return ctx.diverge({
      line: s.line,
      seq: answer.seq,
      fn: s.fn,
      what,
      observed: hex(s.value),
      expected: `the access fails (${errno})`,
      rule,
    });
  }
  const expected = answer.value ?? 0;
  if (expected !== s.value) {
    const rule = common
      ? ctx.history.explain(s.fn, s.offset, msix, s.value, expected).rule
      : 'device.legacy.read-matches-register';
    const what = describeIo(s, msix);
    ctx.diverge({
      line: s.line,
      seq: answer.seq,
      fn: s.fn,
      what,
      observed: hex(s.value),
      expected: hex(expected),
      rule,
    });
  }
  if (s.offset === VIRTIO_PCI_ISR && s.size === 1) ctx.history.isrRead(s.fn, s.value, s.line);
}

function unanswered(ctx: ShadowCtx, s: IoStep, what: string, observed: string): void {
  ctx.diverge({
    line: s.line,
    seq: ctx.lastSeq(),
    fn: s.fn,
    what,
    observed,
    expected: 'no answer: the device never completes the admin command behind the access',
    rule: 'device.aq.all-complete-at-settle',
  });
}
