import { describe, expect, it } from 'vitest';
import { defaultConfig, initialState } from '../../../src/domain/device.js';
import type { Event, EventBody } from '../../../src/domain/events.js';
import { setBit } from '../../../src/domain/msix/bits.js';
import { RunLog } from '../../../src/scenario/log.js';
import { EXPECTATIONS } from '../../../src/scenario/expectations.js';

let seq = 0;
const ev = (body: EventBody): Event => ({ ...body, seq: seq++, tick: 0, cause: 0 }) as Event;

describe('RunLog: interrupt tallies (msix/delivered, PBA)', () => {
  it('counts messages per (fn, vector) and reads pending from the PBA bit', () => {
    const log = new RunLog();
    const s = initialState(defaultConfig({ totalVFs: 2 }));
    for (const body of [
      { type: 'msix/delivered', fn: 0, vector: 1, source: 2 },
      { type: 'msix/delivered', fn: 0, vector: 1, source: 2 },
      { type: 'msix/pended', fn: 2, vector: 3, source: 'config' },
      { type: 'msix/delivered', fn: 2, vector: 0, source: 0 },
    ] as EventBody[]) log.onEvent(ev(body));
    setBit(s.fns[2]!.msix.pba, 3);
    expect(log.interruptsOut(s)).toEqual([
      { fn: 0, vector: 1, delivered: 2, pending: false },
      { fn: 2, vector: 0, delivered: 1, pending: false },
      { fn: 2, vector: 3, delivered: 0, pending: true },
    ]);
    const interrupts = EXPECTATIONS.interrupts!;
    const ctx = { state: s, log, violations: [], lastOp: -1 };
    expect(interrupts.evaluate({ expect: 'interrupts', fn: 0, vector: 1, delivered: 2, pending: false },
      ctx)).toBeNull();
    expect(interrupts.evaluate({ expect: 'interrupts', fn: 2, vector: 3, delivered: 0, pending: true },
      ctx)).toBeNull();
    expect(interrupts.evaluate({ expect: 'interrupts', fn: 0, vector: 1, delivered: 1 }, ctx)).toBe(
      'interrupts fn 0 vector 1: expected delivered 1, got 2');
  });

  it('lists every vector that saw activity (a host loss and a pend whose bit was cleared included), by fn then vector',
      () => {
    const log = new RunLog();
    const s = initialState(defaultConfig({ totalVFs: 2 }));
    for (const body of [
      { type: 'msix/delivered', fn: 2, vector: 1, source: 0 },
      { type: 'host/irqLost', fn: 2, vector: 0, source: 1, reason: 'resize-window' },
      { type: 'msix/pended', fn: 1, vector: 3, source: 'config' },
      { type: 'isr/set', fn: 1, bits: 1 },
    ] as EventBody[]) log.onEvent(ev(body));
    expect(log.interruptsOut(s)).toEqual([
      { fn: 1, vector: 3, delivered: 0, pending: false },
      { fn: 2, vector: 0, delivered: 0, pending: false },
      { fn: 2, vector: 1, delivered: 1, pending: false },
    ]);
    expect([log.delivered(2, 1), log.delivered(2, 0), log.delivered(0, 7)]).toEqual([1, 0, 0]);
  });

  it('lists a vector whose PBA bit is set even if no event of this run pended it', () => {
    const log = new RunLog();
    const s = initialState(defaultConfig({ totalVFs: 1 }));
    setBit(s.fns[1]!.msix.pba, 0);
    expect(log.interruptsOut(s)).toEqual([{ fn: 1, vector: 0, delivered: 0, pending: true }]);
  });
});

describe('RunLog: the driver view of admin commands', () => {
  it('is pending until reaped, then the status name; EIO when a reset aborts it; the errno of a rejected submit',
      () => {
    const log = new RunLog();
    const sub = (cid: number, tag: string) => ev(
      { type: 'aq/submitted', q: 0, cid, tag, req: '', resultLen: 0, opcode: 0, groupType: 1, member: 0,
      incarnation: 0, epoch: 0 });
    log.onEvent(sub(0, 'a'));
    log.onEvent(sub(1, 'b'));
    log.onEvent(ev({ type: 'aq/rejected', q: 0, tag: 'c', errno: 'ENOSPC', reason: 'full' }));
    log.onEvent(ev({ type: 'aq/completed', q: 0, cid: 0, status: 22, qualifier: 5, result: '', usedLen: 8 }));
    expect(log.command('a')!.driver).toBe('pending');
    log.onEvent(ev({ type: 'aq/reaped', q: 0, cids: [0] }));
    log.onEvent(ev({ type: 'aq/aborted', q: 0, cid: 1, phase: 'submitted' }));
    expect(log.commandsOut()).toEqual([
      { tag: 'a', queue: 0, opcode: 'LIST_QUERY', member: 0, status: 'EINVAL', driver: 'EINVAL' },
      { tag: 'b', queue: 0, opcode: 'LIST_QUERY', member: 0, status: null, driver: 'EIO',
        reason: 'PF reset while submitted' },
      { tag: 'c', queue: 0, opcode: null, member: null, status: null, driver: 'ENOSPC', reason: 'full' },
    ]);
    expect(log.completionsOut()).toEqual([{ tag: 'a', opcode: 'LIST_QUERY', member: 0, queue: 0, status: 'EINVAL',
      qualifier: 'INVALID_MEMBER', result: '', usedLen: 8, resultBeyond: '', driverResult: '', driver: 'EINVAL' }]);
  });
});
