/**
 * Control steps (README "Scenario format"): the only steps that let the device make progress.
 * Between two other steps nothing runs, which is what makes a scenario an exact ordering.
 *
 * - `settle {maxSteps?}`: scheduler picks until nothing is ready, then the liveness rules.
 * - `step {count?, kind?, tag?}`: `count` picks (default 1) among ready items, optionally only
 *   items of one kind and/or tag; it fails the scenario if nothing matching is ready.
 * - `pin {order}`: work for a later tag may not run while an earlier tag has work outstanding.
 *   A pin the device cannot honour (FIFO within a queue forbids it) fails the scenario.
 * - `device.run {item}`: run exactly that work item, which must be ready now. A scenario written
 *   by `vtwin fuzz` lists every scheduler pick this way, so it reproduces the run without a PRNG.
 *   The item is matched against the ready list by key, so a stale or hand-edited item is a clean
 *   failure, never a command the device model was not built to receive.
 */
import { z } from 'zod';
import { itemKey, itemTag, type WorkItem, type WorkKind } from '../domain/items.js';
import type { Twin } from '../twin.js';
import type { LoadCtx } from './registry.js';
import { tagSchema, type Problem } from './schema.js';
import type { ControlOp, ControlStep } from './types.js';

/** Every work kind the scheduler can pick, with what it is. Exhaustive: a new kind must be listed. */
export const WORK_KINDS: Record<WorkKind, string> = {
  'aq.start': 'the device takes the next admin command off a queue and starts processing it',
  'aq.complete': 'the device validates and executes the command it is processing, writes status and result, and puts ' +
    'it on the used ring',
  'aq.reap': "the PF driver's completion handler reaps a queue's used buffers (the caller sees the result)",
  'host.resize': "the host finishes re-creating a passthrough VF's MSI-X vectors (hostResize \"disable-reenable\"): " +
    "re-enable, request the new vector, complete the guest's unmask",
  'mapper.issue': "the host mapper (vfio) sends a VF's next guest I/O access as a legacy admin command, or writes a " +
    "notify straight to the device",
  'mapper.abort': "the host mapper fails a guest access whose admin command a PF reset aborted (EIO)",
};

export const DEFAULT_SETTLE_STEPS = 100_000;

const workKind = z.enum(Object.keys(WORK_KINDS) as [WorkKind, ...WorkKind[]]);

function tagsDefined(tags: readonly string[], ctx: LoadCtx, field: string): Problem | null {
  for (let i = 0; i < tags.length; i++) {
    if (!ctx.tags.has(tags[i]!)) {
      return { path: field === 'tag' ? ['tag'] : [field, i],
        expected: `a tag some command step defines; known: ${[...ctx.tags.keys()].join(', ') || 'none'}` };
    }
    if (tags.indexOf(tags[i]!) !== i) return { path: [field, i], expected: 'each tag once' };
  }
  return null;
}

export interface ControlSpec {
  schema: z.ZodType<ControlStep>;
  doc: string;
  check?(step: ControlStep, ctx: LoadCtx): Problem | null;
}

export const CONTROL: Record<ControlOp, ControlSpec> = {
  settle: {
    schema: z.strictObject({ op: z.literal('settle'), maxSteps: z.int().min(1).max(10_000_000).optional() }),
    doc: `run the device until nothing is ready (at most maxSteps picks, default ${DEFAULT_SETTLE_STEPS}), then ` +
      `check liveness rules`,
  },
  step: {
    schema: z.strictObject({
      op: z.literal('step'),
      count: z.int().min(1).max(1_000_000).default(1),
      kind: workKind.optional(),
      tag: tagSchema.optional(),
    }),
    doc: `\`count\` scheduler picks (default 1), optionally only ready items of \`kind\` ` +
      `(${Object.keys(WORK_KINDS).join(', ')}) and/or \`tag\`; fails if nothing matching is ready`,
    check: (s, ctx) => (s.op === 'step' && s.tag !== undefined ? tagsDefined([s.tag], ctx, 'tag') : null),
  },
  'device.run': {
    schema: z.strictObject({ op: z.literal('device.run'),
      item: z.looseObject({ kind: workKind }) }) as unknown as z.ZodType<ControlStep>,
    doc: 'run exactly this work item ({ kind, q, cid, tag } as `vtwin fuzz` records it); it must be ready. Prefer ' +
      '`step` in hand-written scenarios',
  },
  pin: {
    schema: z.strictObject({ op: z.literal('pin'), order: z.array(tagSchema).min(2).max(64) }),
    doc: 'force an order: work for a later tag waits until every earlier tag has no work left (e.g. complete w2 ' +
      'before w1)',
    check: (s, ctx) => (s.op === 'pin' ? tagsDefined(s.order, ctx, 'order') : null),
  },
};

export function isControlOp(op: string): op is ControlOp {
  return Object.prototype.hasOwnProperty.call(CONTROL, op);
}

/** Pins in force, with the step that set each, so a failure can name it. */
export type PinLog = { index: number; order: string[] }[];

function describeItem(item: WorkItem): string {
  const tag = itemTag(item);
  return tag === undefined ? itemKey(item) : `${itemKey(item)} (${tag})`;
}

function pinFailure(twin: Twin, pins: PinLog): string {
  const b = twin.engine.scheduler.blockedByPin!;
  const pin = pins.find((p) => p.order.indexOf(b.waitingFor) >= 0
    && p.order.indexOf(b.waitingFor) < p.order.indexOf(b.tag));
  const which = pin ? `pin [${pin.order.join(', ')}] (steps[${pin.index}])` : 'a pin';
  return `${which} cannot be honoured: ${b.tag} is ready but must wait for ${b.waitingFor}, which cannot make ` +
    `progress first (FIFO within one queue?)`;
}

/** Run a control step; returns null, or why the scenario cannot go on. */
export function runControl(step: ControlStep, index: number, twin: Twin, pins: PinLog): string | null {
  switch (step.op) {
    case 'device.run': {
      const key = itemKey(step.item);
      const ready = twin.ready().find((item) => itemKey(item) === key);
      if (!ready) return `device.run ${key}: not ready (ready: ` +
        `${twin.ready().map(describeItem).join(', ') || 'nothing'})`;
      twin.execute({ op: 'device.run', item: ready });
      return null;
    }
    case 'pin':
      twin.engine.scheduler.pin(step.order);
      pins.push({ index, order: [...step.order] });
      return null;
    case 'settle': {
      const max = step.maxSteps ?? DEFAULT_SETTLE_STEPS;
      const n = twin.settle(max);
      if (twin.engine.scheduler.blockedByPin) return pinFailure(twin, pins);
      if (n >= max
        && twin.ready().length > 0) return `settle: work still ready after ${max} scheduler picks (raise maxSteps, ` +
        `or the device never quiesces)`;
      return null;
    }
    case 'step': {
      const want = step.kind !== undefined || step.tag !== undefined;
      const filter = want ? (item: WorkItem) => (step.kind === undefined || item.kind === step.kind)
        && (step.tag === undefined || itemTag(item) === step.tag) : undefined;
      for (let k = 0; k < step.count; k++) {
        if (twin.step(filter)) continue;
        if (twin.engine.scheduler.blockedByPin) return pinFailure(twin, pins);
        const what = [step.kind && `kind ${step.kind}`, step.tag && `tag ${step.tag}`].filter(Boolean).join(', ');
        const ready = twin.ready().map(describeItem).join(', ') || 'nothing';
        return `step ${k + 1} of ${step.count}: nothing${what ? ` matching ${what}` : ''} is ready (ready: ${ready})`;
      }
      return null;
    }
  }
}
