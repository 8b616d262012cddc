/**
 * Work items: asynchrony made explicit (DESIGN §2). Device work (start or complete an admin
 * command) and driver reactions (reap completions) wait in state until the scheduler picks one.
 * Each area lists its ready items; the key names the item in a `sched/picked` event.
 */
export type Actor = 'device' | 'pf-driver' | 'host' | 'guest';

export type WorkItem =
  | { kind: 'aq.start'; q: number; cid: number; tag: string }
  | { kind: 'aq.complete'; q: number; cid: number; tag: string }
  | { kind: 'aq.reap'; q: number }
  /** The host finishes re-creating a VF's MSI-X vectors (NORESIZE growth; README "Interrupts"). */
  | { kind: 'host.resize'; fn: number; tag?: string };

export type WorkKind = WorkItem['kind'];

export function itemKey(item: WorkItem): string {
  switch (item.kind) {
    case 'aq.start':
    case 'aq.complete':
      return `${item.kind}:q${item.q}:c${item.cid}`;
    case 'aq.reap':
      return `aq.reap:q${item.q}`;
    case 'host.resize':
      return `host.resize:f${item.fn}`;
  }
}

export function itemTag(item: WorkItem): string | undefined {
  return 'tag' in item ? item.tag : undefined;
}

export function itemActor(item: WorkItem): Actor {
  if (item.kind === 'host.resize') return 'host';
  return item.kind === 'aq.reap' ? 'pf-driver' : 'device';
}
