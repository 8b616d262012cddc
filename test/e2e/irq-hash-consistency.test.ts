/**
 * Random interrupt workloads: the incremental state hash (events name the function they touch)
 * must equal a full hash after every command, the immer snapshot path must reach the same state
 * as the engine's working copy (recipes copy what they take from events), and the spec device
 * never violates a device rule.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import { hashState, StateHasher } from '../../src/engine/hash.js';
import { seededRng } from '../../src/engine/prng.js';
import { Twin } from '../../src/twin.js';
import * as R from '../../src/domain/mmio/extension.js';
import { VIRTIO_MMIO_STATUS } from '../../src/domain/spec/mmio.js';

function randomCommand(rng: ReturnType<typeof seededRng>, numVFs: number): Command {
  const fn = rng.int(0, numVFs);
  const vector = rng.int(0, 5);
  const queue = rng.int(0, 2);
  const pick = rng.int(0, 21);
  switch (pick) {
    case 0: return { op: 'msix.enable', fn };
    case 1: return { op: 'msix.disable', fn };
    case 2: return { op: 'msix.mask', fn, vector };
    case 3:
    case 4: return { op: 'msix.unmask', fn, vector, tag: `u${vector}` };
    case 5: return { op: 'msix.functionMask', fn, masked: rng.int(0, 1) === 1 };
    case 6: return { op: 'vector.map', fn, queue: rng.int(0, 3) === 0 ? 'config' : queue, vector: rng.int(0, 4) === 0
      ? 0xffff : vector };
    case 7:
    case 8:
    case 9: return { op: 'device.notify', fn, queue };
    case 10: return { op: 'device.configChange', fn };
    case 11: return { op: 'isr.read', fn };
    case 12: return { op: 'vf.bind', fn, driver: rng.int(0, 1) ? 'vfio-pci' : 'virtio-pci' };
    case 13: return { op: 'vf.unbind', fn };
    case 14: return { op: 'host.setPasid', fn, vector, pasid: rng.int(1, 9) };
    case 15: return { op: 'aq.submit', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: Math.max(1, fn),
      count: rng.int(0, 10) } };
    case 16: return { op: 'msix.program', fn, vector, addrLo: 0xfee00000 + vector * 0x1000, data: rng.int(0, 255) };
    case 17: return { op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_VEC_SEL, value: rng.int(0, 3) };
    case 18: return { op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_COMMAND, value: rng.int(1, 7) };
    case 19: return { op: 'mmio.notify', queue };
    case 20: return rng.int(0, 3) === 0 ? { op: 'sriov.disable' } : { op: 'sriov.enable', numVFs };
    default: return rng.int(0, 1) ? { op: 'pf.reset' } : { op: 'pf.init' };
  }
}

const START: Command[] = [
  { op: 'sriov.enable', numVFs: 3 },
  { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
  { op: 'vf.bind', fn: 2, driver: 'vfio-pci' },
  { op: 'vf.bind', fn: 3, driver: 'virtio-pci' },
  // The drivers reach DRIVER_OK, so the device may notify (virtio 1.4 §2.1 Device Status Field).
  { op: 'vf.status', fn: 1, value: 15 },
  { op: 'vf.status', fn: 2, value: 15 },
  { op: 'vf.status', fn: 3, value: 15 },
  { op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: 15 },
];

describe('random interrupt workloads on the spec device', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: 300 commands keep the incremental hash and snapshots exact, and no device rule fires`, () => {
      const device = {
        totalVFs: 4,
        vfMsixVectors: 4,
        hostIrqBudget: 3,
        hostResize: seed % 2 ? ('disable-reenable' as const) : ('dynamic' as const),
        hostIms: seed > 2,
        hostExhaustion: (['stop-guest', 'report-error', 'silent'] as const)[seed % 3],
        mmio: { queues: 2, sharing: seed % 2 === 0 },
      };
      // Random commands include ones the scenario loader would refuse (a queue the function does not
      // have, PASIDs without IMS): the model's own refusals are part of what is hashed here.
      const twin = Twin.create({ device, seed, validate: false });
      const hasher = new StateHasher();
      twin.streams.event$.subscribe((e) => hasher.note(e));
      const rng = seededRng(seed * 7919);
      for (const c of START) twin.execute(c);
      for (let i = 0; i < 300; i++) {
        twin.execute(randomCommand(rng, 3));
        if (rng.int(0, 2) === 0) twin.step();
        expect(hasher.digest(twin.engine.state)).toBe(hashState(twin.engine.state));
      }
      twin.settle();
      expect(hashState(twin.state as never)).toBe(hashState(twin.engine.state));
      // Random drivers misbehave and some host policies lose interrupts on purpose; the
      // conforming device itself must never be blamed.
      expect(twin.violations.filter((v) => v.actor === 'device')).toEqual([]);
      twin.dispose();
    });
  }
});
