/**
 * Scenario steps of the legacy, host-mapper and virtio-net control areas (README "Legacy access
 * and virtio-net control"). Admin commands (LEGACY_*, EXT_NET_ADMIN_CTRL) need nothing here: their
 * typed parameters come from the opcode handlers.
 */
import { z } from 'zod';
import { legacyBarBytes } from '../../domain/legacy/layout.js';
import { encodeNetCtrl, netCtrlArgs } from '../../domain/net/ctrl.js';
import { driverOf, type OpRegistry } from '../opSpec.js';
import { fnRef, tagSchema } from '../schema.js';

type LegacyOp = 'guest.io.read' | 'guest.io.write' | 'guest.io.sweep' | 'guest.queue.add' | 'guest.cvq'
  | 'notify.write' | 'device.needsReset' | 'net.barrier' | 'vf.status';

const vf = z.int({ error: 'a VF number 1..65535' }).min(1).max(65535);
const offset = z.int().min(0).max(255);
const size = z.int().min(1).max(8);
const value = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

const cvq = z
  .strictObject({ op: z.literal('guest.cvq'), fn: fnRef, tag: tagSchema.optional(), ...netCtrlArgs })
  .superRefine((c, ctx) => {
    const { op: _op, fn: _fn, tag: _tag, ...args } = c;
    try {
      encodeNetCtrl(args);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message, path: ['command'] });
    }
  });

export const LEGACY_OPS: Pick<OpRegistry, LegacyOp> = {
  'guest.io.read': {
    schema: z.strictObject({ op: z.literal('guest.io.read'), fn: vf, offset, size, tag: tagSchema.optional() }),
    doc: "guest reads `size` bytes at `offset` of VF `fn`'s virtual I/O BAR0; the host mapper turns it into a legacy " +
      "admin command; result in state mapper.done.<tag>",
    actor: 'guest',
  },
  'guest.io.write': {
    schema: z.strictObject({ op: z.literal('guest.io.write'), fn: vf, offset, size, value, tag: tagSchema.optional() }),
    doc: "guest writes `value` (little-endian) at `offset` of VF `fn`'s virtual I/O BAR0; offset 16 (2 bytes) = " +
      "Queue Notify, written straight to the NOTIFY_INFO address",
    actor: 'guest',
  },
  'guest.io.sweep': {
    schema: z.strictObject({ op: z.literal('guest.io.sweep'), from: vf, to: vf, offset, size,
      write: z.boolean().optional(), value: value.optional() }),
    doc: 'one untagged guest access per VF from..to (a guest on every VF touching its BAR0 once)',
    actor: 'guest',
    check: (c, ctx) => {
      if (c.to < c.from) return { path: ['to'], expected: `at least from (${c.from})` };
      if (c.to > ctx.config.totalVFs) return { path: ['to'],
        expected: `a VF 1..${ctx.config.totalVFs} (device.totalVFs)` };
      const bar = legacyBarBytes(ctx.config);
      return c.offset + c.size > bar ? { path: ['offset'],
        expected: `offset + size within the ${bar}-byte virtual BAR0` } : null;
    },
  },
  'guest.queue.add': {
    schema: z.strictObject({ op: z.literal('guest.queue.add'), fn: vf, queue: z.int().min(0).max(0xffff),
      count: z.int().min(1).max(65536).optional() }),
    doc: "guest driver makes `count` (default 1) buffers available on VF `fn`'s `queue`, without notifying",
    actor: 'guest',
  },
  'guest.cvq': {
    schema: cvq,
    doc: "function `fn`'s driver sends a control-queue command: `class` (RX, MAC, VLAN, ANNOUNCE, MQ, ADMIN or a " +
      "number), `command`, and `on` | `mac` | `unicast`/`multicast` | `vid` | `pairs` | `trusted` | `payload` (hex); " +
      "ack in state netCtl.acks.<tag>",
    actor: driverOf,
  },
  'notify.write': {
    schema: z.strictObject({ op: z.literal('notify.write'), fn: fnRef, bar: z.int().min(0).max(5),
      offset: z.int().min(0).max(0xffffffff), value: z.int().min(0).max(0xffff) }),
    doc: 'host writes the le16 `value` at `offset` of BAR `bar` of function `fn` ("pf" = the PF): a Queue Notify if ' +
      'it is a NOTIFY_INFO address',
    actor: 'host',
  },
  'device.needsReset': {
    schema: z.strictObject({ op: z.literal('device.needsReset'), fn: vf }),
    doc: 'the device sets DEVICE_NEEDS_RESET on VF `fn` (a config interrupt if its driver is running)',
    actor: 'device',
  },
  'vf.status': {
    schema: z.strictObject({ op: z.literal('vf.status'), fn: vf, value: z.int().min(0).max(255) }),
    doc: "VF `fn`'s own driver writes its device status (0 resets the VF; 15 = ACKNOWLEDGE | DRIVER | FEATURES_OK | " +
      'DRIVER_OK once it has set the VF up); the register its legacy interface shows at offset 18',
    actor: 'guest',
  },
  'net.barrier': {
    schema: z.strictObject({ op: z.literal('net.barrier'), fn: vf }),
    doc: "PF driver's barrier for VF `fn` (2021 admin-cvq proposal): net commands sent before it belong to the VF's " +
      "past, their failures are ignored",
    actor: 'pf-driver',
  },
};
