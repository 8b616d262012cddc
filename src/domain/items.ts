/**
 * Work items: asynchrony made explicit (README "Architecture"). Device work (start or complete an
 * admin command) and driver reactions (reap completions) wait in state until the scheduler picks
 * one. Each area lists its ready items; the key names the item in a `sched/picked` event.
 */
export type Actor = 'device' | 'pf-driver' | 'host' | 'guest';

export type WorkItem =
  | { kind: 'aq.start'; q: number; cid: number; tag: string }
  | { kind: 'aq.complete'; q: number; cid: number; tag: string }
  | { kind: 'aq.reap'; q: number }
  /** The host finishes re-creating a VF's MSI-X vectors (NORESIZE growth; README "Interrupts"). */
  | { kind: 'host.resize'; fn: number; tag?: string }
  /** Host mapper (src/domain/mapper): turn VF `fn`'s head guest access into a command / notify. */
  | { kind: 'mapper.issue'; fn: number; tag: string }
  /** Host mapper: the head access's admin command was aborted unreaped (PF reset): -EIO. */
  | { kind: 'mapper.abort'; fn: number; tag: string };

export type WorkKind = WorkItem['kind'];

export function itemKey(item: WorkItem): string {
  switch (item.kind) {
    case 'aq.start':
    case 'aq.complete':
      return `${item.kind}:q${item.q}:c${item.cid}`;
    case 'aq.reap':
      return memoKey(REAP_KEYS, 'aq.reap:q', item.q);
    case 'host.resize':
      return memoKey(RESIZE_KEYS, 'host.resize:f', item.fn);
    case 'mapper.issue':
      return memoKey(ISSUE_KEYS, 'mapper.issue:f', item.fn);
    case 'mapper.abort':
      return memoKey(ABORT_KEYS, 'mapper.abort:f', item.fn);
  }
}

/**
 * Keys of per-queue and per-function items, each made once: every pick names one (a `sched/picked`
 * event), and a replay names thousands of the same few.
 */
const REAP_KEYS: string[] = [];
const RESIZE_KEYS: string[] = [];
const ISSUE_KEYS: string[] = [];
const ABORT_KEYS: string[] = [];

function memoKey(keys: string[], prefix: string, n: number): string {
  // Only function and queue numbers index the table; anything else is built each time.
  if (!(Number.isInteger(n) && n >= 0 && n <= 0xffff)) return `${prefix}${n}`;
  return keys[n] ??= `${prefix}${n}`;
}

export function itemTag(item: WorkItem): string | undefined {
  return 'tag' in item ? item.tag : undefined;
}

export function itemActor(item: WorkItem): Actor {
  if (item.kind === 'host.resize') return 'host';
  if (item.kind === 'mapper.issue' || item.kind === 'mapper.abort') return 'host';
  return item.kind === 'aq.reap' ? 'pf-driver' : 'device';
}
