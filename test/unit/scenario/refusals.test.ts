/**
 * A refused command step fails the scenario unless the scenario expects the refusal (README
 * "Scenario format": Expectations), like a violation it does not name. Every kind of refusal the
 * model has counts: SR-IOV (the PCI core), submits the driver could not make, MSI-X/ISR, legacy,
 * virtio-mmio and virtio-net control accesses.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';

const run = (steps: unknown[], device: Record<string, unknown> = {}) =>
  runScenario(validateScenario({ name: 't', device, seed: 1, steps }, 't.json'));

describe('a refused step the scenario does not expect fails the run', () => {
  it('sriov.enable above TotalVFs (ERANGE, as Linux refuses it) fails with a refusal failure naming the step', () => {
    const r = run([{ op: 'sriov.enable', numVFs: 9 }, { op: 'settle' }]);
    expect(r.passed).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.failures).toEqual([{ step: 0, kind: 'refusal', message: 'sriov.enable refused with ERANGE (numVFs 9 > ' +
      'TotalVFs 8); the scenario does not expect it (add { "expect": "refused", "errno": "ERANGE" } after the step ' +
      'if it should be refused)' }]);
    expect(r.refusals).toEqual([{ step: 0, op: 'sriov.enable', errno: 'ERANGE', reason: 'numVFs 9 > TotalVFs 8',
      expected: false }]);
  });

  it('passes when an `expect: refused` follows the step, control steps and other expectations in between', () => {
    const r = run([{ op: 'sriov.enable', numVFs: 9 }, { op: 'settle' }, { expect: 'no-violations' },
      { expect: 'refused', errno: 'ERANGE' }]);
    expect([r.passed, r.failures]).toEqual([true, []]);
    expect(r.refusals.map((x) => x.expected)).toEqual([true]);
  });

  it('an `expect: refused` after a later command accounts for that command, not the earlier refusal', () => {
    const r = run([{ op: 'sriov.enable', numVFs: 9 }, { op: 'sriov.enable', numVFs: 10 },
      { expect: 'refused', errno: 'ERANGE' }]);
    expect(r.failures.map((f) => [f.step, f.kind])).toEqual([[0, 'refusal']]);
  });

  it('an `expect: refused` with the wrong errno fails as an expectation, and the refusal counts as expected', () => {
    const r = run([{ op: 'sriov.enable', numVFs: 9 }, { expect: 'refused', errno: 'EBUSY' }]);
    expect(r.failures.map((f) => f.kind)).toEqual(['expectation']);
  });

  it('a rejected submit is accounted for by a `completion` expectation naming its tag', () => {
    const steps = [{ op: 'aq.submit', tag: 'a', cmd: { opcode: 'LIST_QUERY' } },
      { op: 'aq.submit', tag: 'b', cmd: { opcode: 'LIST_QUERY' } }];
    expect(run(steps, { aqDepth: 1 }).failures.map((f) => [f.step, f.kind])).toEqual([[1, 'refusal']]);
    const r = run([...steps, { expect: 'completion', tag: 'b', status: 'none', driver: 'ENOSPC' }], { aqDepth: 1 });
    expect([r.passed, r.refusals]).toEqual([true, [{ step: 1, op: 'aq.submit', errno: 'ENOSPC',
      reason: 'admin queue 0 full (1 descriptors in use)', expected: true }]]);
  });

  it.each([
    ['sriov (EBUSY: not through 0)', [{ op: 'sriov.enable', numVFs: 1 }, { op: 'sriov.enable', numVFs: 2 }], {}, 1,
      'EBUSY'],
    ['aq.submit (EIO: PF not DRIVER_OK)', [{ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } }],
      { pfInitialized: false }, 0, 'EIO'],
    ['msix (no such table entry)', [{ op: 'msix.mask', fn: 'pf', vector: 60 }], {}, 0, 'EINVAL'],
    ['irq (no such function)', [{ op: 'isr.read', fn: 2 }], {}, 0, 'ENODEV'],
    ['legacy (no such VF)', [{ op: 'guest.queue.add', fn: 1, queue: 0 }], {}, 0, 'ENODEV'],
    ['irq (a notification before DRIVER_OK)', [{ op: 'sriov.enable', numVFs: 1 }, { op: 'device.notify', fn: 1,
      queue: 0 }], {}, 1, 'EPERM'],
    ['mmio (a notification before DRIVER_OK)', [{ op: 'mmio.notify', queue: 0 }], { mmio: {} }, 0, 'EPERM'],
    ['net (an untrusted VF\'s control queue)', [{ op: 'sriov.enable', numVFs: 1 },
      { op: 'aq.submit', tag: 'up', cmd: { opcode: 'LEGACY_COMMON_CFG_WRITE', member: 1, offset: 18, data: '07' } },
      { op: 'settle' }, { op: 'guest.cvq', fn: 1, tag: 'p', class: 'RX', command: 'PROMISC', on: true }], {}, 3,
      'EINVAL'],
  ] as const)('%s', (_what, steps, device, step, errno) => {
    const r = run([...steps], { totalVFs: 2, ...device });
    expect(r.failures.map((f) => [f.step, f.kind])).toEqual([[step, 'refusal']]);
    expect(r.failures[0]!.message).toContain(`refused with ${errno}`);
    expect(run([...steps, { expect: 'refused', errno }], { totalVFs: 2, ...device }).passed).toBe(true);
  });
});
