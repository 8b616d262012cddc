/**
 * Small and split writable parts (virtio 1.4 §2.13 Administration Virtqueues): the device writes
 * only what fits, reports the bytes written as the used length and never fails a command for its
 * buffer lengths; the driver's view (Linux: status from its status descriptor, result from the
 * start of its result descriptor, used length - 8 bytes) is `driverView`.
 */
import { describe, expect, it } from 'vitest';
import { driverView, writableLayout, writableProblem } from '../../../../src/domain/adminq/writable.js';
import {
  VIRTIO_ADMIN_STATUS_EINVAL as EINVAL,
  VIRTIO_ADMIN_STATUS_OK as OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP as Q_GROUP,
} from '../../../../src/domain/spec/constants.js';
import { completion, engine, ruleIds } from '../../../helpers.js';

describe('virtio 1.4 §2.13 Administration Virtqueues: a writable part shorter than the status block', () => {
  it('gets status and qualifier only, a used length of 4, and no failure for its length', () => {
    const e = engine();
    e.execute({ op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY', group: 'SELF' }, writable: { bytes: 4 } });
    e.settle();
    const c = completion(e, 'q');
    expect([c.status, c.qualifier, c.result, c.usedLen]).toEqual([OK, 0, '', 4]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('of 0 bytes gets nothing written: used length 0, the command still fails INVALID_GROUP inside the device', () => {
    const e = engine();
    e.execute({ op: 'aq.submit', tag: 'g', cmd: { opcode: 'LIST_QUERY', group: 2 }, writable: { bytes: 0 } });
    e.settle();
    const c = completion(e, 'g');
    expect([c.status, c.qualifier, c.usedLen]).toEqual([EINVAL, Q_GROUP, 0]);
  });

  it('a split layout changes nothing for the device: the same used length and result as one descriptor', () => {
    const e = engine();
    e.execute({ op: 'aq.submit', tag: 'one', cmd: { opcode: 'LIST_QUERY', group: 'SELF' }, resultBytes: 8 });
    e.execute({ op: 'aq.submit', tag: 'two', cmd: { opcode: 'LIST_QUERY', group: 'SELF' },
      writable: { split: [4, 12] } });
    e.settle();
    const [one, two] = [completion(e, 'one'), completion(e, 'two')];
    expect([two.usedLen, two.result]).toEqual([one.usedLen, one.result]);
  });
});

describe('the driver\'s view of its writable part (Linux: docs/linux-qemu-vfio.md)', () => {
  it('defaults to Linux\'s layout: an 8-byte status descriptor, then the result', () => {
    expect(writableLayout(undefined, 8)).toEqual({ bytes: 16, split: [8, 8], preload: new Uint8Array(16) });
    expect(writableLayout({ bytes: 3 }, 8).split).toEqual([3, 0]);
    expect(writableLayout({ split: [4, 12] }, 0).bytes).toBe(16);
  });

  it('reads status from what the device wrote into the status descriptor, 0 where it wrote nothing', () => {
    const zero = writableLayout({ bytes: 0 }, 0);
    expect(driverView(zero, EINVAL, Q_GROUP, '', 0).status).toBe(OK);
    // One byte: the low byte of EINVAL (22) overwrites the stale byte; there is no high byte.
    const one = writableLayout({ bytes: 1, preload: 'ff' }, 0);
    expect(driverView(one, 0x116, Q_GROUP, '', 1).status).toBe(0x16);
  });

  it('keeps stale bytes past the used length and hands Linux used length - 8 bytes from its result descriptor', () => {
    const layout = writableLayout({ bytes: 24, preload: 'ee'.repeat(24) }, 0);
    const v = driverView(layout, OK, 0, '0300000000000000', 16);
    expect(v).toEqual({ status: OK, result: '0300000000000000', resultBeyond: 'ee'.repeat(8) });
    const split = writableLayout({ split: [4, 12] }, 0);
    expect(driverView(split, OK, 0, '0300000000000000', 16)).toEqual(
      { status: OK, result: '0000000003000000', resultBeyond: '' });
  });

  it('names a layout that cannot be: a split not adding up to bytes, a preload longer than the part', () => {
    expect(writableProblem({ bytes: 16, split: [8, 4] }, 0)).toEqual(
      ['split', 'two lengths adding up to bytes (16), got 8 + 4']);
    expect(writableProblem({ bytes: 2, preload: '000000' }, 0)).toEqual(
      ['preload', 'at most 2 bytes (the writable part\'s length), got 3']);
    expect(writableProblem({ preload: '00'.repeat(16) }, 8)).toBeNull();
  });
});
