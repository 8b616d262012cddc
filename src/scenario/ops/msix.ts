/**
 * Scenario schemas for interrupt commands (README "Steps"; README "Interrupts"): MSI-X
 * per function, vector mapping, device raises, ISR. Misuse the device must answer (an entry the
 * table lacks now, a VF that does not exist yet) is a run-time refusal, not an input error:
 * Table Size changes at run time through provisioning.
 */
import { z } from 'zod';
import { queueCount } from '../../domain/msix/vectors.js';
import { driverOf, type OpRegistry } from '../opSpec.js';
import { fnRef, tagSchema } from '../schema.js';
import type { MsixCommand } from '../../domain/msix/commands.js';

type MsixOp = MsixCommand['op'];

/** An MSI-X table entry index: PCI allows 2048 entries. */
const entry = z.int().min(0).max(0x7ff);
const u32 = z.int().min(0).max(0xffffffff);
const queueRef = z.union([z.literal('config'), z.int().min(0).max(0xffff)],
  { error: '"config" or a virtqueue index 0..65535' });

export const MSIX_OPS: Pick<OpRegistry, MsixOp> = {
  'msix.enable': {
    schema: z.strictObject({ op: z.literal('msix.enable'), fn: fnRef }),
    doc: "set the function's MSI-X Enable bit (a passthrough VF: the host allocates its vectors)",
    actor: driverOf,
  },
  'msix.disable': {
    schema: z.strictObject({ op: z.literal('msix.disable'), fn: fnRef }),
    doc: "clear MSI-X Enable: INTx / ISR from now on (a passthrough VF: the host frees its vectors)",
    actor: driverOf,
  },
  'msix.mask': {
    schema: z.strictObject({ op: z.literal('msix.mask'), fn: fnRef, vector: entry }),
    doc: "set an entry's Vector Control mask bit",
    actor: driverOf,
  },
  'msix.unmask': {
    schema: z.strictObject({ op: z.literal('msix.unmask'), fn: fnRef, vector: entry, tag: tagSchema.optional() }),
    doc: 'clear the mask bit: a pending vector is sent once (a passthrough VF: the host requests an IRQ first; `tag` ' +
      'names a resize it starts)',
    actor: driverOf,
  },
  'msix.functionMask': {
    schema: z.strictObject({ op: z.literal('msix.functionMask'), fn: fnRef, masked: z.boolean() }),
    doc: 'write the Function Mask bit; clearing it sends the pending, individually unmasked vectors once',
    actor: driverOf,
  },
  'msix.program': {
    schema: z.strictObject({ op: z.literal('msix.program'), fn: fnRef, vector: entry, addrLo: u32,
      addrHi: u32.optional(), data: u32 }),
    doc: "write an entry's message address/data: honoured only while the entry or function is masked (driver rule " +
      "otherwise)",
    actor: driverOf,
  },
  'msix.readControl': {
    schema: z.strictObject({ op: z.literal('msix.readControl'), fn: fnRef }),
    doc: 'read Message Control (Table Size N-1, Function Mask, Enable)',
    actor: driverOf,
  },
  'vector.map': {
    schema: z.strictObject({ op: z.literal('vector.map'), fn: fnRef, queue: queueRef,
      vector: z.int().min(0).max(0xffff) }),
    doc: 'write config_msix_vector (queue "config") or a queue_msix_vector; a vector the device cannot honour reads ' +
      'back NO_VECTOR (0xFFFF)',
    actor: driverOf,
  },
  'device.notify': {
    schema: z.strictObject({ op: z.literal('device.notify'), fn: fnRef, queue: z.int().min(0).max(0xffff) }),
    doc: 'the device raises a used-buffer interrupt for `queue`',
    actor: 'device',
    check: (c, ctx) => {
      const n = queueCount(ctx.config, c.fn);
      return c.queue < n ? null : { path: ['queue'], expected: `a virtqueue of function ${c.fn}: 0..${n - 1}` };
    },
  },
  'device.configChange': {
    schema: z.strictObject({ op: z.literal('device.configChange'), fn: fnRef }),
    doc: 'the device raises a configuration-change interrupt (ISR bit 1, then the config vector)',
    actor: 'device',
  },
  'isr.read': {
    schema: z.strictObject({ op: z.literal('isr.read'), fn: fnRef }),
    doc: 'the driver reads ISR status: returns it and clears it (INTx deasserts)',
    actor: driverOf,
  },
};
