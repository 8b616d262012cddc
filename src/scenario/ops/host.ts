/** Scenario schemas for driver binding and the host / VFIO side (README "Interrupts"). */
import { z } from 'zod';
import type { OpRegistry } from '../opSpec.js';
import { fnRef, type Problem } from '../schema.js';

const vfOnly = (fn: number): Problem | null => (fn >= 1
  ? null : { path: ['fn'], expected: 'a VF number (the PF is always bound to its driver)' });

export const HOST_OPS: Pick<OpRegistry, 'vf.bind' | 'vf.unbind' | 'host.setPasid'> = {
  'vf.bind': {
    schema: z.strictObject({ op: z.literal('vf.bind'), fn: fnRef, driver: z.string().min(1).max(64) }),
    doc: 'a driver binds to a VF; a vfio driver ("vfio-pci", "virtio-vfio-pci") assigns it to a guest, whose MSI-X ' +
      'the host then backs',
    actor: 'host',
    check: (c) => vfOnly(c.fn),
  },
  'vf.unbind': {
    schema: z.strictObject({ op: z.literal('vf.unbind'), fn: fnRef }),
    doc: "the VF's driver is removed: MSI-X disabled, entries masked, vectors unmapped, host vectors freed",
    actor: 'host',
    check: (c) => vfOnly(c.fn),
  },
  'host.setPasid': {
    schema: z.strictObject({ op: z.literal('host.setPasid'), fn: fnRef, vector: z.int().min(0).max(0x7ff),
      pasid: z.int().min(0).max(0xfffff) }),
    doc: "IMS (hostIms): the guest asks for a PASID on an entry; the host updates the descriptor, and the IMS entry " +
      "if it is started",
    check: (c, ctx) => vfOnly(c.fn) ?? (ctx.config.hostIms
      ? null : { path: [], expected: 'a device with hostIms: true (IMS entries carry a PASID)' }),
    actor: 'guest',
  },
};
