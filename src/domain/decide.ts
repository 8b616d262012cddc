/**
 * decide(state, command, ctx) -> event bodies. Pure: reads state, never changes it. Guest and
 * driver misbehaviour becomes events (a refusal, an EINVAL completion), never an exception.
 */
import { aqItems, runAqItem } from './adminq/process.js';
import { decideSubmit } from './adminq/submit.js';
import type { Command } from './commands.js';
import type { DecideCtx, DeciderMap, Decider } from './decider.js';
import { OPCODES } from './device.js';
import type { EventBody } from './events.js';
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

function runItem(s: Readonly<TwinState>, item: WorkItem, profile: Profile): EventBody[] {
  switch (item.kind) {
    case 'aq.start':
    case 'aq.complete':
      return runAqItem(s, item, profile, OPCODES);
    case 'host.resize':
      return runHostItem(s, item, { profile });
    case 'aq.reap': {
      // Reaping wakes whoever waits on those commands: the mapper, the net barrier bookkeeping.
      const cids = s.aq.queues[item.q]!.used;
      return [...runAqItem(s, item, profile, OPCODES), ...mapperOnReap(s, cids), ...netOnReap(s, cids, OPCODES)];
    }
    case 'mapper.issue':
    case 'mapper.abort':
      return runMapperItem(s, item, profile, OPCODES);
  }
}

const deciders: DeciderMap<Command['op']> = {
  ...pfDeciders,
  ...sriovDeciders,
  ...legacyDeciders,
  ...mapperDeciders,
  ...netDeciders,
  'aq.submit': (s, c) => decideSubmit(s, c, OPCODES),
  'device.run': (s, c, ctx) => [
    { type: 'sched/picked', item: itemKey(c.item), ready: readyItems(s, ctx.profile).length },
    ...runItem(s, c.item, ctx.profile),
  ],
  'time.advance': () => [],
  ...msixDeciders,
  ...hostDeciders,
  ...mmioDeciders,
};

export function decide(s: Readonly<TwinState>, cmd: Command, ctx: DecideCtx): EventBody[] {
  const d = deciders[cmd.op] as Decider | undefined;
  if (!d) throw new TypeError(`unknown command op ${JSON.stringify((cmd as { op: unknown }).op)}`);
  return d(s, cmd, ctx);
}
