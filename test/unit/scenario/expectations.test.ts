import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';

function run(steps: unknown[], device: Record<string, unknown> = {}, seed = 1) {
  return runScenario(validateScenario({ name: 't', device, seed, steps }, 't.json'));
}

/** Failure messages of expectation steps only. */
function expectationFailures(steps: unknown[], device: Record<string, unknown> = {}) {
  return run(steps, device).failures.filter((f) => f.kind === 'expectation').map((f) => [f.step, f.message]);
}

// Self group: its supported set (and so the LIST_QUERY result, 03 00 .. 00) does not grow as areas add SR-IOV opcodes.
const query = (tag: string, extra: Record<string, unknown> =
  {}) => ({ op: 'aq.submit', tag, cmd: { opcode: 'LIST_QUERY', group: 'SELF' }, ...extra });

describe('expect: completion', () => {
  it('passes on the status, qualifier, result and driver view the run produced', () => {
    const r = run([query('q'), { op: 'settle' },
      { expect: 'completion', tag: 'q', status: 'OK', qualifier: 'OK', result: '03 00 00 00 00 00 00 00',
      driver: 'OK' }]);
    expect(r.expectations).toEqual({ passed: 1, failed: 0 });
    expect(r.passed).toBe(true);
  });

  it('fails naming every field that differs', () => {
    const f = expectationFailures([query('q'), { op: 'settle' },
      { expect: 'completion', tag: 'q', status: 'EINVAL', qualifier: 'INVALID_MEMBER', result: '00',
      driver: 'EINVAL' }]);
    expect(f).toEqual(
      [[2, 'completion q: expected status EINVAL, got OK; qualifier INVALID_MEMBER, got OK; result 00, got ' +
      '0300000000000000; driver EINVAL, got OK']]);
  });

  it('fails when the device has not completed the command yet (steps run back to back)', () => {
    const f = expectationFailures([query('q'), { expect: 'completion', tag: 'q', status: 'OK' }]);
    expect(f).toEqual([[1, 'completion q: expected status OK, but the device has not completed it (driver: pending)']]);
  });

  it('status "none" passes for a command the device never completed and fails for one it did', () => {
    expect(expectationFailures([query('q'),
      { expect: 'completion', tag: 'q', status: 'none', driver: 'pending' }])).toEqual([]);
    expect(expectationFailures([query('q'), { op: 'settle' },
      { expect: 'completion', tag: 'q', status: 'none' }])).toEqual([
      [2, 'completion q: expected status none (never completed by the device), got OK/OK'],
    ]);
  });
});

describe('expect: state', () => {
  it('passes when the value at the path deep-equals `equals`', () => {
    expect(expectationFailures([{ op: 'sriov.enable', numVFs: 2 },
      { expect: 'state', path: 'fns[2].life', equals: { alive: true, incarnation: 1 } }])).toEqual([]);
  });

  it('fails showing both values', () => {
    expect(expectationFailures([{ op: 'sriov.enable', numVFs: 2 },
      { expect: 'state', path: 'sriov.numVFs', equals: 3 }])).toEqual([[1, 'state sriov.numVFs: expected 3, got 2']]);
  });

  it('fails when the path does not exist, naming where it stopped', () => {
    expect(expectationFailures([{ expect: 'state', path: 'aq.commands.7.tag', equals: 'x' }])).toEqual(
      [[0, 'state aq.commands.7.tag: no such path (aq.commands has no "7")']]);
  });
});

describe('expect: violation and no-violations', () => {
  const reorder = [query('a'), query('b'), { op: 'pin', order: ['b', 'a'] }, { op: 'settle' }];

  it('a violation expectation passes once the rule has fired, and documents it (the scenario passes)', () => {
    const r = run([...reorder, { expect: 'violation', rule: 'device.aq.fifo-per-queue' }], { profile: 'aq-reorder' });
    expect(r.violations.map((v) => v.rule)).toEqual(['device.aq.fifo-per-queue']);
    expect(r.passed).toBe(true);
  });

  it('a violation expectation fails when the rule has not fired by that point', () => {
    const r = run([query('a'), { expect: 'violation', rule: 'device.aq.fifo-per-queue' }, { op: 'settle' }]);
    expect(r.failures).toEqual([{ step: 1, kind: 'expectation',
      message: 'violation device.aq.fifo-per-queue: the rule has not fired (fired so far: none)' }]);
  });

  it('no-violations passes on a clean run and fails after a violation', () => {
    expect(expectationFailures([query('a'), { op: 'settle' }, { expect: 'no-violations' }])).toEqual([]);
    const f = expectationFailures([...reorder, { expect: 'no-violations' },
      { expect: 'violation', rule: 'device.aq.fifo-per-queue' }], { profile: 'aq-reorder' });
    expect(f).toHaveLength(1);
    const want = [/^no-violations: 1 so far, first device\.aq\.fifo-per-queue at seq \d+: /,
      /admin queue 0 completed cid 1 \(b\) before older cid 0 \(a\)$/];
    expect(f[0]![1]).toMatch(new RegExp(want.map((p) => p.source).join('')));
  });
});

describe('expect: interrupts', () => {
  it('passes with the delivered count and pending bit of a quiet vector', () => {
    expect(expectationFailures([query('a'), { op: 'settle' },
      { expect: 'interrupts', fn: 'pf', vector: 0, delivered: 0, pending: false }])).toEqual([]);
  });

  it('fails naming the count and the PBA bit that differ', () => {
    const f = expectationFailures([{ expect: 'interrupts', fn: 'pf', vector: 2, delivered: 1, pending: true }]);
    expect(f).toEqual([[0, 'interrupts fn 0 vector 2: expected delivered 1, got 0; pending true, got false']]);
  });
});

describe('expect: refused', () => {
  it('passes when the last command was refused with that errno', () => {
    expect(expectationFailures([{ op: 'sriov.enable', numVFs: 9 }, { expect: 'refused', errno: 'ERANGE' }],
      { totalVFs: 4 })).toEqual([]);
  });

  it('fails with the errno and reason the twin gave', () => {
    const f = expectationFailures([{ op: 'sriov.enable', numVFs: 9 }, { expect: 'refused', errno: 'EBUSY' }],
      { totalVFs: 4 });
    expect(f).toEqual([[1, 'refused: expected EBUSY, got ERANGE (numVFs 9 > TotalVFs 4)']]);
  });

  it('fails when the last command was not refused', () => {
    const f = expectationFailures([{ op: 'sriov.enable', numVFs: 2 }, { expect: 'refused', errno: 'ERANGE' }],
      { totalVFs: 4 });
    expect(f).toEqual([[1, 'refused: steps[0] was not refused (sriov/enabled, provision/defaults)']]);
  });
});
