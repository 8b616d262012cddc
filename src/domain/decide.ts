/**
 * decide(state, command, ctx) -> event bodies. Pure: reads state, never changes it. Guest and
 * driver misbehaviour becomes events (a refusal, an EINVAL completion), never an exception.
 */
import { aqItems, runAqItem } from './adminq/process.js';
import { decideSubmit } from './adminq/submit.js';
import type { Command } from './commands.js';
import type { DecideCtx, DeciderMap, Decider } from './decider.js';
import { OPCODES } from './device.js';
import type { EventBody, EventOf } from './events.js';
import { itemKey, type WorkItem } from './items.js';
import { pfDeciders } from './pf/decide.js';
import type { Profile } from './profiles.js';
import { sriovDeciders } from './sriov/decide.js';
import { legacyDeciders } from './legacy/decide.js';
import { mapperDeciders } from './mapper/decide.js';
import { mapperItems, mapperOnReap, runMapperItem } from './mapper/process.js';
import { netDeciders, netOnReap } from './net/decide.js';
import type { TwinState } from './state.js';
import { msixDeciders } from './msix/decide.js';
import { hostDeciders, hostItems, runHostItem } from './host/decide.js';
import { mmioDeciders } from './mmio/decide.js';

/** Every ready work item, in a fixed order (areas, then queues): the scheduler's menu. */
export function readyItems(s: Readonly<TwinState>, profile: Profile): WorkItem[] {
  const out: WorkItem[] = [];
  aqItems(s, profile, out);
  hostItems(s, out);
  mapperItems(s, out);
  return out;
}

/** Appends the item's events to `out` (the `device.run` list, after its `sched/picked`). */
function runItem(s: Readonly<TwinState>, item: WorkItem, profile: Profile, out: EventBody[]): void {
  switch (item.kind) {
    case 'aq.start':
    case 'aq.complete':
      return pushAll(out, runAqItem(s, item, profile, OPCODES));
    case 'host.resize':
      return pushAll(out, runHostItem(s, item, { profile }));
    case 'aq.reap': {
      // Reaping wakes whoever waits on those commands: the mapper, the net barrier bookkeeping.
      const cids = s.aq.queues[item.q]!.used;
      pushAll(out, runAqItem(s, item, profile, OPCODES));
      pushAll(out, mapperOnReap(s, cids));
      return pushAll(out, netOnReap(s, cids, OPCODES));
    }
    case 'mapper.issue':
    case 'mapper.abort':
      runMapperItem(s, item, profile, OPCODES, out);
  }
}

function pushAll(out: EventBody[], more: readonly EventBody[]): void {
  for (let i = 0; i < more.length; i++) out.push(more[i]!);
}

function run(s: Readonly<TwinState>, item: WorkItem, ctx: DecideCtx): EventBody[] {
  const picked: EventOf<'sched/picked'> = { type: 'sched/picked', item: itemKey(item),
    ready: ctx.readyCount ?? readyItems(s, ctx.profile).length, seq: 0, tick: 0, cause: 0 }; // slotted
  const out: EventBody[] = [picked];
  runItem(s, item, ctx.profile, out);
  return out;
}

const deciders: DeciderMap<Command['op']> = {
  ...pfDeciders,
  ...sriovDeciders,
  ...legacyDeciders,
  ...mapperDeciders,
  ...netDeciders,
  'aq.submit': (s, c) => decideSubmit(s, c, OPCODES),
  'device.run': (s, c, ctx) => run(s, c.item, ctx),
  'time.advance': () => [],
  ...msixDeciders,
  ...hostDeciders,
  ...mmioDeciders,
};

/** The same deciders in a Map: a lookup by an ever-changing op string is about twice as fast. */
const byOp: ReadonlyMap<string, Decider> = new Map(Object.entries(deciders) as [string, Decider][]);

/** The decider of `op`, or undefined for an op no decider takes (decide refuses it). */
export function deciderFor(op: string): Decider | undefined {
  return byOp.get(op);
}

export function decide(s: Readonly<TwinState>, cmd: Command, ctx: DecideCtx): EventBody[] {
  const d = byOp.get(cmd.op);
  if (!d) throw new TypeError(`unknown command op ${JSON.stringify((cmd as { op: unknown }).op)}`);
  return d(s, cmd, ctx);
}
