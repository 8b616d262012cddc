import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { ScenarioError } from '../../src/errors.js';

const base = (steps: unknown[], device: Record<string, unknown> =
  {}) => ({ name: 't', device: { totalVFs: 2, ...device }, seed: 1, steps });
const loadError = (doc: unknown): string => {
  try {
    validateScenario(doc, 's.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return 'loaded';
};

describe('interrupt steps in scenario files', () => {
  it('map "pf" to function 0 and accept the interrupt vocabulary', () => {
    const sc = validateScenario(base([{ op: 'msix.mask', fn: 'pf', vector: 1 },
      { op: 'vector.map', fn: 1, queue: 'config', vector: 65535 }]), 's.json');
    expect(sc.steps[0]).toEqual({ op: 'msix.mask', fn: 0, vector: 1 });
  });

  it('refuse malformed steps before anything runs, naming the path and what was expected', () => {
    expect(loadError(base([{ op: 'device.notify', fn: 1, queue: 2 }]))).toBe(
      's.json: steps[0].queue: a virtqueue of function 1: 0..1');
    expect(loadError(base([{ op: 'vf.bind', fn: 'pf', driver: 'vfio-pci' }]))).toMatch(/steps\[0\]\.fn: a VF number/);
    expect(loadError(base([{ op: 'mmio.notify', queue: 0 }]))).toMatch(/steps\[0\]\.op: a device with an "mmio" block/);
    expect(loadError(base([{ op: 'mmio.write', offset: 0xc9, value: 1 }], { mmio: {} }))).toMatch(/steps\[0\]\.offset/);
    expect(loadError(base([{ op: 'host.setPasid', fn: 1, vector: 0, pasid: 1 }]))).toMatch(/hostIms: true/);
    expect(loadError(base([{ op: 'msix.unmask', fn: 1, vector: 2048 }]))).toMatch(/steps\[0\]\.vector: at most 2047/);
    expect(loadError(base([{ op: 'msix.enable', fn: 3 }]))).toMatch(/steps\[0\]\.fn: a function of this device/);
    expect(loadError(base([{ op: 'settle' }], { hostExhaustion: 'panic' }))).toMatch(/device\.hostExhaustion/);
  });

  it('a refused interrupt op can be expected with its errno', () => {
    const r = runScenario(
      validateScenario(base([{ op: 'msix.enable', fn: 1 }, { expect: 'refused', errno: 'ENODEV' },
        { op: 'sriov.enable', numVFs: 1 }, { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
        { op: 'vf.bind', fn: 1, driver: 'vfio-pci' }, { expect: 'refused', errno: 'EBUSY' }]), 's.json'),
    );
    expect(r.failures).toEqual([]);
  });

  it('step {kind: "host.resize"} runs the host\'s resize window', () => {
    const doc = base(
      [
        { op: 'sriov.enable', numVFs: 1 },
        { op: 'vf.bind', fn: 1, driver: 'vfio-pci' },
        { op: 'msix.enable', fn: 1 },
        { op: 'msix.unmask', fn: 1, vector: 2, tag: 'g' },
        { expect: 'state', path: 'host.resizing', equals: [1] },
        { op: 'step', kind: 'host.resize', tag: 'g' },
        { expect: 'state', path: 'host.resizing', equals: [] },
        { expect: 'state', path: 'fns[1].msix.mask', equals: [11] },
      ],
      { hostResize: 'disable-reenable' },
    );
    expect(runScenario(validateScenario(doc, 's.json')).failures).toEqual([]);
  });
});
