/** Scenario schemas for the virtio-mmio device (README "Interrupts", virtio-mmio MSI extension). */
import { z } from 'zod';
import type { OpRegistry } from '../opSpec.js';
import type { LoadCtx } from '../opSpec.js';
import type { Problem } from '../schema.js';

const needsMmio = (ctx: LoadCtx): Problem | null =>
  ctx.config.mmio ? null : { path: ['op'], expected: 'a device with an "mmio" block (device.mmio: {}) for mmio steps' };
const offset = z.int().min(0).max(0xffc).multipleOf(4);

export const MMIO_OPS: Pick<OpRegistry, 'mmio.write' | 'mmio.read' | 'mmio.notify' | 'mmio.configChange'> = {
  'mmio.write': {
    schema: z.strictObject({ op: z.literal('mmio.write'), offset, value: z.int().min(0).max(0xffffffff) }),
    doc: 'the driver writes a 32-bit mmio register (QueueSel 0x030, InterruptACK 0x064, Status 0x070, MsiCmd 0x0c8, ' +
      'MsiVecSel 0x0d0, MsiAddrLow/High 0x0d4/0x0d8, MsiData 0x0dc)',
    actor: 'guest',
    check: (_c, ctx) => needsMmio(ctx),
  },
  'mmio.read': {
    schema: z.strictObject({ op: z.literal('mmio.read'), offset }),
    doc: 'the driver reads a 32-bit mmio register (InterruptStatus 0x060, MsiVecNum 0x0c0, MsiState 0x0c4, ...)',
    actor: 'guest',
    check: (_c, ctx) => needsMmio(ctx),
  },
  'mmio.notify': {
    schema: z.strictObject({ op: z.literal('mmio.notify'), queue: z.int().min(0).max(1023) }),
    doc: 'the mmio device raises a used-buffer interrupt for `queue` (MSI when enabled, else InterruptStatus bit 0)',
    check: (c, ctx) => needsMmio(ctx) ?? (c.queue < ctx.config.mmio!.queues
      ? null : { path: ['queue'], expected: `a queue of the mmio device: 0..${ctx.config.mmio!.queues - 1}` }),
    actor: 'device',
  },
  'mmio.configChange': {
    schema: z.strictObject({ op: z.literal('mmio.configChange') }),
    doc: 'the mmio device raises a configuration-change interrupt (MSI config vector, else InterruptStatus bit 1)',
    actor: 'device',
    check: (_c, ctx) => needsMmio(ctx),
  },
};
