import { describe, expect, it } from 'vitest';
import { encodeBuilt, encodeTyped } from '../../../../src/domain/adminq/encode.js';
import { defaultConfig, OPCODES } from '../../../../src/domain/device.js';
import * as C from '../../../../src/domain/spec/constants.js';

describe('encodeBuilt: the mapper\'s own legacy commands, encoded without the parameter schema', () => {
  const config = defaultConfig({ totalVFs: 4 });
  it.each([
    ['LEGACY_COMMON_CFG_READ', C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_READ, { offset: 18, size: 1 }],
    ['LEGACY_DEV_CFG_READ', C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_READ, { offset: 2, size: 4 }],
    ['LEGACY_COMMON_CFG_WRITE', C.VIRTIO_ADMIN_CMD_LEGACY_COMMON_CFG_WRITE, { offset: 14, data: '0200' }],
    ['LEGACY_DEV_CFG_WRITE', C.VIRTIO_ADMIN_CMD_LEGACY_DEV_CFG_WRITE, { offset: 0, data: '5254' }],
    ['LEGACY_NOTIFY_INFO', C.VIRTIO_ADMIN_CMD_LEGACY_NOTIFY_INFO, {}],
  ])('gives %s the bytes and result length the typed path gives', (_name, opcode, params) => {
    const built = encodeBuilt(OPCODES, opcode, 3, params, config);
    const typed = encodeTyped(OPCODES, { opcode, member: 3, ...params }, undefined, config);
    expect(built).toEqual(typed);
    expect(built.req.length).toBeGreaterThan(16);
  });
});
