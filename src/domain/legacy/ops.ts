/**
 * Scenario vocabulary of the legacy, mapper and net areas: one zod schema per op whose output is
 * exactly the command `decide` takes, a one-line doc, and an optional load-time check against the
 * resolved device config. src/scenario/ops/legacy.ts spreads these into the scenario registry.
 */
import { z } from 'zod';
import type { DeviceConfig } from '../config.js';
import type { Command } from '../commands.js';
import { netCtrlArgs, encodeNetCtrl } from '../net/ctrl.js';
import { legacyBarBytes } from './layout.js';

/** `"pf"` or a function number. */
export const fnRef = z.union([z.literal('pf').transform(() => 0), z.int().min(0).max(65535)]);
const vfRef = z.int().min(1).max(65535);
const tag = z.string().min(1).max(200).optional();

export interface LegacyOpSpec {
  schema: z.ZodType<Command>;
  doc: string;
  /** First problem with the step against the device config: [path relative to the step, expected]. */
  check?(cmd: Command, config: DeviceConfig): [(string | number)[], string] | null;
}

const vfInRange = (fn: number, config: DeviceConfig): [(string | number)[], string] | null =>
  fn <= config.totalVFs ? null : [['fn'], `a VF number at most totalVFs (${config.totalVFs})`];

export const LEGACY_OP_SPECS: Record<
  'guest.io.read' | 'guest.io.write' | 'guest.io.sweep' | 'guest.queue.add' | 'guest.cvq' | 'notify.write' | 'device.needsReset' | 'net.barrier',
  LegacyOpSpec
> = {
  'guest.io.read': {
    schema: z.strictObject({ op: z.literal('guest.io.read'), fn: vfRef, offset: z.int().min(0).max(255), size: z.int().min(1).max(8), tag }),
    doc: "guest reads `size` bytes at `offset` of VF `fn`'s virtual I/O BAR0; the host mapper turns it into a legacy admin command (notify at 16: a direct read)",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'guest.io.write': {
    schema: z.strictObject({ op: z.literal('guest.io.write'), fn: vfRef, offset: z.int().min(0).max(255), size: z.int().min(1).max(8), value: z.int().min(0).max(Number.MAX_SAFE_INTEGER), tag }),
    doc: "guest writes `value` (little-endian, `size` bytes) at `offset` of VF `fn`'s virtual I/O BAR0; offset 16 = Queue Notify, written straight to the NOTIFY_INFO address",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'guest.io.sweep': {
    schema: z.strictObject({
      op: z.literal('guest.io.sweep'),
      from: vfRef,
      to: vfRef,
      offset: z.int().min(0).max(255),
      size: z.int().min(1).max(8),
      write: z.boolean().optional(),
      value: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    doc: 'one untagged guest access per VF from..to (a guest on every VF touching its BAR0 once)',
    check: (c, config) => {
      const s = c as { from: number; to: number; offset: number; size: number };
      if (s.to < s.from) return [['to'], `at least from (${s.from})`];
      if (s.to > config.totalVFs) return [['to'], `at most totalVFs (${config.totalVFs})`];
      return s.offset + s.size > legacyBarBytes(config) ? [['offset'], `offset + size within the ${legacyBarBytes(config)}-byte BAR0`] : null;
    },
  },
  'guest.queue.add': {
    schema: z.strictObject({ op: z.literal('guest.queue.add'), fn: vfRef, queue: z.int().min(0).max(0xffff), count: z.int().min(1).max(65536).optional() }),
    doc: "guest driver makes `count` (default 1) buffers available on VF `fn`'s `queue` (no notify yet)",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'guest.cvq': {
    schema: z.strictObject({ op: z.literal('guest.cvq'), fn: fnRef, tag, ...netCtrlArgs }).check((ctx) => {
      const { op: _o, fn: _f, tag: _t, ...args } = ctx.value;
      try {
        encodeNetCtrl(args);
      } catch (e) {
        ctx.issues.push({ code: 'custom', message: (e as Error).message, input: ctx.value, path: ['command'] });
      }
    }) as z.ZodType<Command>,
    doc: "function `fn`'s driver sends a virtio_net_ctrl command on its own control queue: `class`, `command` + `on` | `mac` | `unicast`/`multicast` | `vid` | `pairs` | `payload` (hex)",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'notify.write': {
    schema: z.strictObject({ op: z.literal('notify.write'), fn: fnRef, bar: z.int().min(0).max(5), offset: z.int().min(0).max(0xffffffff), value: z.int().min(0).max(0xffff) }),
    doc: "host writes the le16 `value` at `offset` of BAR `bar` of function `fn` (\"pf\" = the PF's BAR): a Queue Notify if it is a NOTIFY_INFO address",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'device.needsReset': {
    schema: z.strictObject({ op: z.literal('device.needsReset'), fn: vfRef }),
    doc: 'the device sets DEVICE_NEEDS_RESET on VF `fn` (and notifies a config change if its driver is running)',
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
  'net.barrier': {
    schema: z.strictObject({ op: z.literal('net.barrier'), fn: vfRef }),
    doc: "PF driver's barrier for VF `fn` (2021 proposal): net commands sent before it belong to the VF's past; their failures are ignored",
    check: (c, config) => vfInRange((c as { fn: number }).fn, config),
  },
};
