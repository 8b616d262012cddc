import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import type { Event } from '../../../src/domain/events.js';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario, type RunOptions } from '../../../src/scenario/runner.js';

function scenario(steps: unknown[], device: Record<string, unknown> = {}, seed = 1) {
  return validateScenario({ name: 't', device, seed, steps }, 't.json');
}
const run = (steps: unknown[], device: Record<string, unknown> = {}, seed = 1, opts: RunOptions =
  {}) => runScenario(scenario(steps, device, seed), opts);
const query = (tag: string, queue = 0) => ({ op: 'aq.submit', tag, queue, cmd: { opcode: 'LIST_QUERY' } });

describe('runner: steps run back to back (README "Scenario format")', () => {
  it('lets the device make no progress between command steps', () => {
    const r = run([query('a'), query('b')]);
    expect(r.events).toBe(2);
    expect(r.completions).toEqual([]);
    expect(r.commands.map((c) => c.driver)).toEqual(['pending', 'pending']);
  });

  it('`step` runs exactly `count` scheduler picks, restricted by kind and tag', () => {
    const r = run([query('a', 0), query('b', 1), { op: 'step', kind: 'aq.start', tag: 'b' },
      { op: 'step', kind: 'aq.complete' }], { adminQueues: 2 });
    expect(r.completions.map((c) => c.tag)).toEqual(['b']);
    expect(r.passed).toBe(true);
  });

  it('fails and stops when nothing matching a `step` is ready, listing what is', () => {
    const r = run([query('a'), { op: 'step', kind: 'aq.complete' }, { expect: 'no-violations' }]);
    expect(r.failures).toEqual([
      { step: 1, kind: 'control',
        message: 'step 1 of 1: nothing matching kind aq.complete is ready (ready: aq.start:q0:c0 (a)); the scenario ' +
        'stops here' },
    ]);
    expect(r.expectations).toEqual({ passed: 0, failed: 0 });
    expect(r.passed).toBe(false);
  });

  it('fails a settle that does not converge within maxSteps', () => {
    const r = run([query('a'), { op: 'settle', maxSteps: 1 }]);
    expect(r.failures[0]!.message).toMatch(/^settle: work still ready after 1 scheduler picks/);
  });
});

describe('runner: device.run (reproducers list every scheduler pick)', () => {
  it('runs exactly the named ready item, ignoring the seed', () => {
    const picks = [{ kind: 'aq.start', q: 1, cid: 1, tag: 'b' }, { kind: 'aq.complete', q: 1, cid: 1, tag: 'b' }];
    for (const seed of [1, 2, 3]) {
      const r = run([query('a', 0), query('b', 1), ...picks.map((item) => ({ op: 'device.run', item }))],
        { adminQueues: 2 }, seed);
      expect(r.completions.map((c) => c.tag)).toEqual(['b']);
    }
  });

  it('fails cleanly when the item is not ready', () => {
    const r = run([query('a'), { op: 'device.run', item: { kind: 'aq.complete', q: 0, cid: 0, tag: 'a' } }]);
    expect(r.failures).toEqual([{ step: 1, kind: 'control',
      message: 'device.run aq.complete:q0:c0: not ready (ready: aq.start:q0:c0 (a)); the scenario stops here' }]);
  });
});

describe('runner: pins', () => {
  it('honours a pin across queues: w2 completes before w1 whatever the seed', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = run([query('w1', 0), query('w2', 1), { op: 'pin', order: ['w2', 'w1'] }, { op: 'settle' }],
        { adminQueues: 2 }, seed);
      expect(r.completions.map((c) => c.tag)).toEqual(['w2', 'w1']);
    }
  });

  it('fails with both tags named when a pin cannot be honoured (FIFO within one queue)', () => {
    const r = run([query('w1'), query('w2'), { op: 'pin', order: ['w2', 'w1'] }, { op: 'settle' }]);
    expect(r.passed).toBe(false);
    expect(r.failures[0]).toEqual({
      step: 3,
      kind: 'control',
      message: 'pin [w2, w1] (steps[2]) cannot be honoured: w1 is ready but must wait for w2, which cannot make ' +
        'progress first (FIFO within one queue?); the scenario stops here',
    });
  });
});

describe('runner: violations decide the outcome (README "CLI reference": exit codes)', () => {
  const reorder = [query('a'), query('b'), { op: 'pin', order: ['b', 'a'] }, { op: 'settle' }];

  it('fails a scenario on a violation it does not name', () => {
    const r = run(reorder, { profile: 'aq-reorder' });
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([{ step: -1, kind: 'violation',
      message: expect.stringMatching(/^unexpected violation device\.aq\.fifo-per-queue at seq \d+ \(device\): /) }]);
    expect(r.violations).toEqual([{ rule: 'device.aq.fifo-per-queue', seq: expect.any(Number), actor: 'device',
      message: 'admin queue 0 completed cid 1 (b) before older cid 0 (a)' }]);
  });

  it('passes a scenario that documents the violation, wherever the expectation stands after it fired', () => {
    expect(run([...reorder, { expect: 'violation', rule: 'device.aq.fifo-per-queue' }],
      { profile: 'aq-reorder' }).passed).toBe(true);
  });
});

describe('runner: result (README "CLI reference": run --json)', () => {
  it('reports completions with spec names and hex results, and the driver view of every command', () => {
    const self = { opcode: 'LIST_QUERY', group: 'SELF' }; // the Self group's supported set stays {QUERY, USE}
    const r = run([{ op: 'sriov.enable', numVFs: 1 }, { op: 'aq.submit', tag: 'ok', cmd: self },
      { op: 'aq.submit', tag: 'bad', cmd: { ...self, group: 2 } }, { op: 'settle' }]);
    expect(Object.keys(r).sort()).toEqual(['commands', 'completions', 'events', 'expectations', 'failures', 'file',
      'interrupts', 'name', 'passed', 'profile', 'refusals', 'seed', 'stateHash', 'violations']);
    expect(r.completions).toEqual([
      { tag: 'ok', opcode: 'LIST_QUERY', member: 0, queue: 0, status: 'OK', qualifier: 'OK',
        result: '0300000000000000', usedLen: 16, resultBeyond: '', driverResult: '0300000000000000', driver: 'OK' },
      { tag: 'bad', opcode: 'LIST_QUERY', member: 0, queue: 0, status: 'EINVAL', qualifier: 'INVALID_GROUP',
        result: '', usedLen: 8, resultBeyond: '0000000000000000', driverResult: '', driver: 'EINVAL' },
    ]);
    expect(r.stateHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('passes every event and command to the observers it is given', () => {
    const events: Event[] = [];
    const commands: Command[] = [];
    const r = run([query('a'), { op: 'settle' }], {}, 1,
      { observers: [{ onEvent: (e) => void events.push(e), onCommand: (_i, _t, c) => void commands.push(c) }] });
    expect(events.map((e) => e.seq)).toEqual([...Array(r.events).keys()]);
    expect(commands[0]).toEqual({ op: 'aq.submit', tag: 'a', queue: 0, cmd: { opcode: 'LIST_QUERY' } });
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.slice(1).every((c) => c.op === 'device.run')).toBe(true);
  });
});

describe('runner: determinism (README "Guarantees")', () => {
  const twoQueues = (seed: number, opts: RunOptions = {}) =>
    run(
      [
        { op: 'sriov.enable', numVFs: 2 },
        ...[query('a', 0), query('b', 1), query('c', 0), query('d', 1)],
        { expect: 'state', path: 'aq.queues[0].pending', equals: [0, 2] },
        { op: 'settle' },
        { expect: 'state', path: 'aq.commands', equals: {} },
      ],
      { adminQueues: 2 },
      seed,
      opts,
    );

  it('same seed, same scenario: same events, completions and state hash', () => {
    const [x, y] = [twoQueues(5), twoQueues(5)];
    expect(y).toEqual(x);
  });

  it('a different seed may interleave the two queues differently', () => {
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => twoQueues(s).completions.map((c) => c.tag).join('')));
    expect(orders.size).toBeGreaterThan(1);
    for (const o of orders) expect(o.indexOf('a') < o.indexOf('c') && o.indexOf('b') < o.indexOf('d')).toBe(true);
  });

  it('the immutable-snapshot path (RxJS state$) and the working-copy path give the same result', () => {
    for (const seed of [1, 2, 3]) {
      const snap = twoQueues(seed, { snapshots: true });
      expect(snap.expectations).toEqual({ passed: 2, failed: 0 });
      expect(twoQueues(seed, { snapshots: false })).toEqual(snap);
    }
  });

  it('a seed override replaces the scenario seed', () => {
    const r = twoQueues(1, { seed: 4 });
    expect(r.seed).toBe(4);
    expect(r.completions).toEqual(twoQueues(4).completions);
  });
});

describe('the run log names opcodes as the scenario device numbers them', () => {
  it('a completion of an extension moved by extOpcodes carries its name (run --json completions)', () => {
    const r = run([
      { op: 'sriov.enable', numVFs: 1 },
      { op: 'aq.submit', tag: 'set', cmd: { opcode: 'VTWIN_EXT_VF_MSIX_SET', member: 1, count: 2 } },
      { op: 'settle' },
    ], { totalVFs: 2, extOpcodes: { VTWIN_EXT_VF_MSIX_SET: 0x7e00 } });
    expect(r.completions).toEqual([expect.objectContaining({ tag: 'set', opcode: 'VTWIN_EXT_VF_MSIX_SET',
      status: 'OK' })]);
  });
});
