/** Spec names for codes in JSON output: only where the number is an admin code. */
import { describe, expect, it } from 'vitest';
import { namedEvent, stateCodeKind, stateNames, withCodeNames } from '../../../src/analysis/names.js';
import type { Event } from '../../../src/domain/events.js';
import {
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
} from '../../../src/domain/spec/constants.js';

describe('spec names for codes', () => {
  it('an admin completion names its status and qualifier and keeps the numbers under codes', () => {
    const e = {
      type: 'aq/completed',
      q: 0,
      cid: 3,
      status: VIRTIO_ADMIN_STATUS_EINVAL,
      qualifier: VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER,
      result: '',
      usedLen: 8,
      seq: 1,
      tick: 1,
      cause: 1,
    } as Event;
    expect(namedEvent(e)).toMatchObject({
      status: 'EINVAL',
      qualifier: 'INVALID_MEMBER',
      codes: { status: VIRTIO_ADMIN_STATUS_EINVAL, qualifier: VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER },
    });
  });

  it('state codes are found by where they sit: an in-flight command, the in-use sets; not a device status', () => {
    expect(stateCodeKind(['aq', 'commands', '4', 'status'])).toBe('status');
    expect(stateCodeKind(['aq', 'inUse', 1, 0])).toBe('opcode');
    expect(stateCodeKind(['fns', 1, 'legacy', 'status'])).toBeUndefined();
    expect(stateCodeKind(['pf', 'status'])).toBeUndefined();
  });

  it('names every code under a path by its full path, and marks them "NAME (number)" for people', () => {
    const aq = {
      commands: { '2': { opcode: 2, groupType: 1, status: 0, qualifier: 0, member: 1 } },
      inUse: [[0, 1], [0]],
    };
    expect(stateNames(aq, ['aq'])).toEqual({
      'aq.commands.2.opcode': 'LEGACY_COMMON_CFG_WRITE',
      'aq.commands.2.groupType': 'SRIOV',
      'aq.commands.2.status': 'OK',
      'aq.commands.2.qualifier': 'OK',
      'aq.inUse[0][0]': 'LIST_QUERY',
      'aq.inUse[0][1]': 'LIST_USE',
      'aq.inUse[1][0]': 'LIST_QUERY',
    });
    expect(withCodeNames(aq, ['aq'])).toMatchObject({
      commands: { '2': { opcode: 'LEGACY_COMMON_CFG_WRITE (0x2)', member: 1 } },
      inUse: [['LIST_QUERY (0x0)', 'LIST_USE (0x1)'], ['LIST_QUERY (0x0)']],
    });
    expect(stateNames({ status: 7 }, ['pf'])).toEqual({});
  });
});
