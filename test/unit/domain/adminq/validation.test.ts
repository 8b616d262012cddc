import { describe, expect, it } from 'vitest';
import {
  VIRTIO_ADMIN_STATUS_EINVAL as EINVAL,
  VIRTIO_ADMIN_STATUS_OK as OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD as Q_FIELD,
  VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP as Q_GROUP,
  VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER as Q_MEMBER,
  VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE as Q_OPCODE,
} from '../../../../src/domain/spec/constants.js';
import { completion, engine, ruleIds, run, submit } from '../../../helpers.js';

describe('admin command validation (Group administration commands, device normative)', () => {
  it('answers LIST_QUERY for the SR-IOV group with the supported bitmap (bits 0 and 1 set)', () => {
    const e = engine();
    submit(e, 'q', { opcode: 'LIST_QUERY' });
    e.settle();
    const c = completion(e, 'q');
    expect([c.status, c.qualifier]).toEqual([OK, 0]);
    expect(parseInt(c.result.slice(0, 2), 16) & 0b11).toBe(0b11);
    expect(c.usedLen).toBe(16);
  });

  it('reports INVALID_GROUP for an unknown group type before looking at the opcode', () => {
    const e = engine();
    submit(e, 'g', { opcode: 0x7ff0, group: 7, member: 99 });
    e.settle();
    expect([completion(e, 'g').status, completion(e, 'g').qualifier]).toEqual([EINVAL, Q_GROUP]);
  });

  it('fails every SR-IOV group command with INVALID_GROUP while VF Enable = 0 (SR-IOV group)', () => {
    const e = engine();
    submit(e, 'm', { opcode: 'LEGACY_COMMON_CFG_READ', member: 1 });
    e.settle();
    expect(completion(e, 'm').qualifier).toBe(Q_GROUP);
  });

  it('accepts LIST_QUERY with VF Enable = 0 by default, and refuses it when listCommandsNeedVfEnable ' +
      '(docs/ambiguities.md#a3-list_query-and-list_use-while-vf-enable-is-0)', () => {
    const lenient = engine();
    submit(lenient, 'q', { opcode: 'LIST_QUERY' });
    lenient.settle();
    expect(completion(lenient, 'q').status).toBe(OK);
    const strict = engine({ listCommandsNeedVfEnable: true });
    submit(strict, 'q', { opcode: 'LIST_QUERY' });
    strict.settle();
    expect(completion(strict, 'q').qualifier).toBe(Q_GROUP);
  });

  it('reports INVALID_OPCODE before INVALID_MEMBER for an unsupported opcode to a bad member', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'x', { opcode: 0x7ff0, member: 9 });
    e.settle();
    expect(completion(e, 'x').qualifier).toBe(Q_OPCODE);
  });

  it('reports INVALID_MEMBER for a group-wide command with a non-zero member when listMemberMustBeZero', () => {
    const e = engine({ listMemberMustBeZero: true });
    run(e, { op: 'sriov.enable', numVFs: 2 });
    submit(e, 'x', { opcode: 'LIST_QUERY', member: 1 });
    e.settle();
    expect(completion(e, 'x').qualifier).toBe(Q_MEMBER);
  });

  it('validates the Self group: member must be 0 (LIST_QUERY included when listMemberMustBeZero)', () => {
    const e = engine({ listMemberMustBeZero: true });
    submit(e, 'ok', { opcode: 'LIST_QUERY', group: 'SELF' });
    submit(e, 'bad', { opcode: 'LIST_QUERY', group: 'SELF', member: 3 });
    e.settle();
    expect(completion(e, 'ok').status).toBe(OK);
    expect(completion(e, 'bad').qualifier).toBe(Q_MEMBER);
  });

  it('locks the driver out after a LIST_USE that clears QUERY and USE, until PF reset restores {QUERY, USE}', () => {
    const e = engine();
    submit(e, 'use', { opcode: 'LIST_USE', opcodes: [] });
    e.settle();
    submit(e, 'q1', { opcode: 'LIST_QUERY' });
    e.settle();
    expect([completion(e, 'use').status, completion(e, 'q1').qualifier]).toEqual([OK, Q_OPCODE]);
    run(e, { op: 'pf.init' });
    submit(e, 'q2', { opcode: 'LIST_QUERY' });
    e.settle();
    expect(completion(e, 'q2').status).toBe(OK);
    expect(e.state.aq.inUse[1]).toEqual([0, 1]);
  });

  it('rejects LIST_USE asking for an opcode the device never reported, with no side effects', () => {
    const e = engine();
    const before = [...e.state.aq.inUse[1]!];
    submit(e, 'u', { opcode: 'LIST_USE', opcodes: [0, 1, 0x40] });
    e.settle();
    expect([completion(e, 'u').status, completion(e, 'u').qualifier]).toEqual([EINVAL, Q_FIELD]);
    expect(e.state.aq.inUse[1]).toEqual(before);
    expect(ruleIds(e)).toEqual([]);
  });

  it('flags the driver for requesting an opcode outside its in-use set (driver normative)', () => {
    const e = engine();
    run(e, { op: 'sriov.enable', numVFs: 1 });
    submit(e, 'x', { opcode: 0x7ff0, member: 1 });
    e.settle();
    expect(ruleIds(e)).toEqual(['driver.aq.opcode-in-use']);
  });

  it('tolerates a short writable part: the result is truncated, never a failure (buffer lengths)', () => {
    const e = engine();
    submit(e, 'q', { opcode: 'LIST_QUERY' }, { resultBytes: 3 });
    e.settle();
    const c = completion(e, 'q');
    expect([c.status, c.result.length / 2, c.usedLen]).toEqual([OK, 3, 11]);
  });

  it('accepts raw bytes exactly as Linux lays them out', () => {
    const e = engine();
    e.execute({ op: 'aq.submit', tag: 'raw', raw: '0000 0100' + '00'.repeat(12) + '0000000000000000', resultBytes: 8 });
    e.settle();
    expect(completion(e, 'raw').status).toBe(OK);
  });
});
