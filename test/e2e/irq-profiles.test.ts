import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import type { DeviceConfigInput } from '../../src/domain/config.js';
import { PROFILES, profileByName } from '../../src/domain/profiles.js';
import * as R from '../../src/domain/mmio/extension.js';
import { VIRTIO_MMIO_STATUS } from '../../src/domain/spec/mmio.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { rig } from './irq-helpers.js';

const vfMsix: Command[] = [
  { op: 'sriov.enable', numVFs: 2 },
  { op: 'msix.enable', fn: 1 },
  { op: 'vector.map', fn: 1, queue: 0, vector: 0 },
  { op: 'vf.status', fn: 1, value: 15 },
];
const guest: Command[] = [
  { op: 'sriov.enable', numVFs: 2 },
  { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
  { op: 'msix.enable', fn: 1 },
];

/** One short run per interrupt profile that exercises its deviation. */
const CASES: Record<string, { device: DeviceConfigInput; steps: Command[] }> = {
  'msix-drop-masked': { device: {}, steps: [...vfMsix, { op: 'device.notify', fn: 1, queue: 0 },
    { op: 'msix.unmask', fn: 1, vector: 0 }] },
  'msix-ignore-function-mask': {
    device: {},
    steps: [...vfMsix, { op: 'msix.functionMask', fn: 1, masked: true }, { op: 'msix.unmask', fn: 1, vector: 0 },
      { op: 'device.notify', fn: 1, queue: 0 }],
  },
  'vf-msix-overcommit': {
    device: { vfMsixPool: 16, vfMsixVectors: 4 },
    steps: [{ op: 'sriov.enable', numVFs: 4 },
      { op: 'aq.submit', tag: 's', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 8 } }],
  },
  'host-silent-vector': {
    device: { hostIrqBudget: 1, hostExhaustion: 'stop-guest' },
    steps: [...guest, { op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'msix.unmask', fn: 1, vector: 1 }],
  },
  'host-ims-stale-pasid': {
    device: { hostIms: true },
    steps: [...guest, { op: 'msix.unmask', fn: 1, vector: 0 }, { op: 'host.setPasid', fn: 1, vector: 0, pasid: 5 }],
  },
  'mmio-drop-masked': {
    device: { mmio: { queues: 1 } },
    steps: [
      { op: 'mmio.write', offset: VIRTIO_MMIO_STATUS, value: 15 },
      { op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_COMMAND, value: R.VIRTIO_MMIO_MSI_CMD_ENABLE },
      { op: 'mmio.notify', queue: 0 },
      { op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_VEC_SEL, value: 1 },
      { op: 'mmio.write', offset: R.VIRTIO_MMIO_MSI_COMMAND, value: R.VIRTIO_MMIO_MSI_CMD_UNMASK },
    ],
  },
  // The conforming device refuses these (EPERM); the profile notifies.
  'notify-before-driver-ok': {
    device: { mmio: { queues: 1 } },
    steps: [{ op: 'sriov.enable', numVFs: 1 }, { op: 'device.notify', fn: 1, queue: 0 },
      { op: 'device.configChange', fn: 1 }, { op: 'mmio.notify', queue: 0 }],
  },
};

function violations(profile: string, c: { device: DeviceConfigInput; steps: Command[] }): string[] {
  const r = rig({ ...c.device, profile });
  r.run(...c.steps);
  r.engine.settle();
  return [...new Set(r.rules())].sort();
}

describe('interrupt profiles are caught by the rules they name', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: caught by ${profileByName(name)!.caughtBy.join(', ')}; the spec device passes the same run`, () => {
      const caught = violations(name, c);
      for (const rule of profileByName(name)!.caughtBy) expect(caught).toContain(rule);
      expect(violations('spec', c)).toEqual([]);
    });
  }

  it('error-side-effects applies a refused VF MSI-X SET anyway, which the busy rule catches', () => {
    const c = {
      device: {},
      steps: [
        { op: 'sriov.enable', numVFs: 2 },
        { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
        { op: 'aq.submit', tag: 's', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 8 } },
      ] as Command[],
    };
    expect(violations('error-side-effects', c)).toEqual(
      expect.arrayContaining(['device.aq.error-no-side-effects', 'device.provision.refused-while-busy']),
    );
  });

  it('every caughtBy names a registered rule', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    for (const p of PROFILES) for (const id of p.caughtBy) expect(ids.has(id), `${p.name} -> ${id}`).toBe(true);
  });
});
