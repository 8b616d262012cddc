/**
 * LIST_QUERY and LIST_USE as the spec text defines them (virtio 1.4 §2.12.1 Group administration
 * commands): in use from reset for every group type, a probe of a group type is allowed, and
 * group_member_id is unused by both (docs/ambiguities.md#a18-group_member_id-of-list_query-and-list_use).
 */
import { describe, expect, it } from 'vitest';
import {
  VIRTIO_ADMIN_STATUS_EINVAL as EINVAL,
  VIRTIO_ADMIN_STATUS_OK as OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP as Q_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER as Q_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_OK as Q_OK,
} from '../../../../src/domain/spec/constants.js';
import { completion, engine, ruleIds, run, submit } from '../../../helpers.js';

describe('virtio 1.4 §2.12.1 Group administration commands / Driver Requirements: probing a group type', () => {
  it('a LIST_QUERY for a group type the device lacks fails EINVAL/INVALID_GROUP and flags no driver rule', () => {
    const e = engine();
    submit(e, 'probe', { opcode: 'LIST_QUERY', group: 2 });
    e.settle();
    submit(e, 'probe-use', { opcode: 'LIST_USE', group: 0x7fff, opcodes: [0, 1] });
    e.settle();
    expect([completion(e, 'probe').status, completion(e, 'probe').qualifier]).toEqual([EINVAL, Q_GROUP]);
    expect([completion(e, 'probe-use').status, completion(e, 'probe-use').qualifier]).toEqual([EINVAL, Q_GROUP]);
    expect(ruleIds(e)).toEqual([]);
  });

  it('a probe of the SR-IOV group on a PF without SR-IOV is not a driver error either', () => {
    const e = engine({ sriov: false, totalVFs: 0 });
    submit(e, 'probe', { opcode: 'LIST_QUERY', group: 'SRIOV' });
    e.settle();
    expect(completion(e, 'probe').qualifier).toBe(Q_GROUP);
    expect(ruleIds(e)).toEqual([]);
  });

  it('an opcode other than LIST_QUERY/LIST_USE for a group type never put in use still flags the driver', () => {
    const e = engine();
    submit(e, 'x', { opcode: 0x3, group: 2 });
    e.settle();
    expect(ruleIds(e)).toEqual(['driver.aq.opcode-in-use']);
  });
});

describe('virtio 1.4 §2.12.1 Group administration commands: group_member_id is unused by LIST_QUERY/LIST_USE', () => {
  it('LIST_QUERY with member 1 on the SR-IOV group completes OK with the same bitmap as member 0', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'zero', { opcode: 'LIST_QUERY' });
    submit(e, 'one', { opcode: 'LIST_QUERY', member: 1 });
    submit(e, 'big', { opcode: 'LIST_QUERY', member: 0x1234 });
    e.settle();
    const zero = completion(e, 'zero');
    for (const tag of ['one', 'big']) {
      const c = completion(e, tag);
      expect([c.status, c.qualifier, c.result]).toEqual([OK, Q_OK, zero.result]);
    }
    expect(ruleIds(e)).toEqual([]);
  });

  it('LIST_USE with a non-zero member takes effect, on the SR-IOV and the Self group', () => {
    const e = engine();
    submit(e, 'use', { opcode: 'LIST_USE', member: 5, opcodes: [0, 1] });
    e.settle();
    submit(e, 'self', { opcode: 'LIST_QUERY', group: 'SELF', member: 3 });
    e.settle();
    expect(completion(e, 'use').status).toBe(OK);
    expect(e.state.aq.inUse[1]).toEqual([0, 1]);
    expect(completion(e, 'self').status).toBe(OK);
    expect(ruleIds(e)).toEqual([]);
  });

  it('listMemberMustBeZero: true fails a non-zero member EINVAL/INVALID_MEMBER, and the rules agree', () => {
    const e = engine({ listMemberMustBeZero: true });
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'one', { opcode: 'LIST_QUERY', member: 1 });
    submit(e, 'self', { opcode: 'LIST_QUERY', group: 'SELF', member: 3 });
    submit(e, 'zero', { opcode: 'LIST_QUERY' });
    e.settle();
    expect([completion(e, 'one').status, completion(e, 'one').qualifier]).toEqual([EINVAL, Q_MEMBER]);
    expect(completion(e, 'self').qualifier).toBe(Q_MEMBER);
    expect(completion(e, 'zero').status).toBe(OK);
    expect(ruleIds(e)).toEqual([]);
  });

  it('a LIST_QUERY with a non-zero member queued across an SR-IOV disable/enable is no command to a member', () => {
    const e = engine({ memberIncarnation: 'fail' });
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'q', { opcode: 'LIST_QUERY', member: 1 });
    run(e, { op: 'sriov.disable' }, { op: 'sriov.enable', numVFs: 2 });
    e.settle();
    expect(completion(e, 'q').status).toBe(OK);
    expect(ruleIds(e)).toEqual([]);
  });

  it('a command that uses the member still fails INVALID_MEMBER for a VF that does not exist', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'r', { opcode: 'LEGACY_COMMON_CFG_READ', member: 3, offset: 18 });
    e.settle();
    expect(completion(e, 'r').qualifier).toBe(Q_MEMBER);
  });
});
