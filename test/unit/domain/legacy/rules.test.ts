import { describe, expect, it } from 'vitest';
import { RuleMonitor, type Rule } from '../../../../src/rules/framework.js';
import { fieldAccess, notifyAddressEquivalent, notifyProcessesQueue, readMatchesRegister,
  resetClears } from '../../../../src/rules/legacy.js';
import type { Event, EventBody } from '../../../../src/domain/events.js';
import type { TwinState } from '../../../../src/domain/state.js';
import { bringUp, vfEngine } from '../../../legacyHelpers.js';
import { submit } from '../../../helpers.js';

/** Feed one rule a synthetic event (the engine's device would never produce it). */
function judge(rule: Rule, s: TwinState, body: EventBody, after?: (s: TwinState) => void): string[] {
  const m = new RuleMonitor([rule]);
  const e = { ...body, seq: 1, tick: 0, cause: 1 } as Event;
  m.before(s, e);
  after?.(s);
  m.after(s, e);
  m.settle(s, 1);
  return m.violations.map((v) => v.message);
}

/** Bring a command to the point where the device completes it, then let the rule judge a forged completion. */
function forgedCompletion(rule: Rule, prep: (e: ReturnType<typeof vfEngine>) => void, status: number,
    qualifier: number, result: string, tamper?: (s: TwinState) => void): string[] {
  const e = vfEngine();
  prep(e);
  e.step((it) => it.kind === 'aq.start');
  const item = e.ready().find((it) => it.kind === 'aq.complete')!;
  const m = new RuleMonitor([rule]);
  m.command(e.state, { op: 'device.run', item }, e.seq);
  tamper?.(e.state);
  const cid = item.kind === 'aq.complete' ? item.cid : -1;
  m.after(e.state, { type: 'aq/completed', q: 0, cid, status, qualifier, result, usedLen: 8 + result.length / 2,
    seq: e.seq, tick: 0, cause: 0 });
  return m.violations.map((v) => v.message);
}

describe('legacy rules judge what the device did, not how it decoded it', () => {
  it('device.legacy.read-matches-register flags a read that returns other bytes than the register', () => {
    const prep = (e: ReturnType<typeof vfEngine>) => submit(e, 'r',
      { opcode: 'LEGACY_COMMON_CFG_READ', member: 1, offset: 12, size: 2 });
    expect(forgedCompletion(readMatchesRegister, prep, 0, 0, '0001')).toEqual([]);
    expect(forgedCompletion(readMatchesRegister, prep, 0, 0, '0002')[0]).toMatch(
      /read 0002 but the register holds 0001/);
  });

  it('device.legacy.field-access flags a non-field access that succeeds and a field access refused as INVALID_FIELD',
      () => {
    const odd = (e: ReturnType<typeof vfEngine>) => submit(e, 'r',
      { opcode: 'LEGACY_COMMON_CFG_READ', member: 1, offset: 1, size: 2 });
    const good = (e: ReturnType<typeof vfEngine>) => submit(e, 'r',
      { opcode: 'LEGACY_COMMON_CFG_READ', member: 1, offset: 18, size: 1 });
    expect(forgedCompletion(fieldAccess, odd, 22, 3, '')).toEqual([]);
    expect(forgedCompletion(fieldAccess, odd, 0, 0, '0000')[0]).toMatch(/not a single field/);
    expect(forgedCompletion(fieldAccess, good, 22, 3, '')[0]).toMatch(/is a field, yet it failed/);
  });

  it('device.legacy.reset-clears flags a reset that leaves vectors mapped', () => {
    const prep = (e: ReturnType<typeof vfEngine>) => submit(e, 'z',
      { opcode: 'LEGACY_COMMON_CFG_WRITE', member: 1, offset: 18, data: '00' });
    expect(forgedCompletion(resetClears, prep, 0, 0, '')).toEqual([]);
    const kept = forgedCompletion(resetClears, prep, 0, 0, '', (s) => (s.fns[1]!.msix.configVector = 1));
    expect(kept[0]).toMatch(/kept config vector 1/);
  });

  it('device.legacy.notify-address-equivalent flags a notify address write that kicks another VF', () => {
    const e = vfEngine();
    const m = new RuleMonitor([notifyAddressEquivalent]);
    const ev = (b: EventBody, seq: number) => ({ ...b, seq, tick: 0, cause: 0 }) as Event;
    m.before(e.state, ev({ type: 'legacy/addressWritten', fn: 2, bar: 2, offset: 0x1000, value: 1 }, 1));
    m.before(e.state, ev({ type: 'legacy/notified', fn: 3, queue: 1, via: 'address' }, 2));
    expect(m.violations[0]!.message).toMatch(/meant for VF 2 queue 1 notified VF 3 queue 1/);
    m.before(e.state, ev({ type: 'legacy/addressWritten', fn: 2, bar: 2, offset: 0x1000, value: 0 }, 3));
    m.settle(e.state, 3);
    expect(m.violations[1]!.message).toMatch(/produced no notify/);
  });

  it('device.legacy.notify-processes-queue flags a notify that leaves a live queue\'s buffers unused (a lost notify)',
      () => {
    const e = vfEngine();
    bringUp(e, 1);
    e.execute({ op: 'guest.queue.add', fn: 1, queue: 0, count: 2 });
    const lost = judge(notifyProcessesQueue, e.state, { type: 'legacy/notified', fn: 1, queue: 0, via: 'address' });
    expect(lost[0]).toMatch(/left 2 available buffer\(s\) on VF 1 queue 0 unused/);
    const used = judge(notifyProcessesQueue, e.state, { type: 'legacy/notified', fn: 1, queue: 0, via: 'address' },
        (s) => {
      s.fns[1]!.legacy.queues[0]!.avail = 0;
    });
    expect(used).toEqual([]);
  });
});
