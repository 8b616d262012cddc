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
      return `aq.reap:q${item.q}`;
    case 'host.resize':
      return `host.resize:f${item.fn}`;
    case 'mapper.issue':
    case 'mapper.abort':
      return `${item.kind}:f${item.fn}`;
  }
}

export function itemTag(item: WorkItem): string | undefined {
  return 'tag' in item ? item.tag : undefined;
}

export function itemActor(item: WorkItem): Actor {
  if (item.kind === 'host.resize') return 'host';
  if (item.kind === 'mapper.issue' || item.kind === 'mapper.abort') return 'host';
  return item.kind === 'aq.reap' ? 'pf-driver' : 'device';
}
