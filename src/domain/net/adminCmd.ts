/**
 * EXT_NET_ADMIN_CTRL (0x0100, EXTENSION; layout in ./extension.ts): a virtio-net control command
 * the PF runs on behalf of a virtual device, as the 2021 admin-cvq proposal describes.
 *
 * Lifecycle (the answers given in the proposal's review, made checkable;
 * docs/extensions.md#virtio-net-admin-control): the command is addressed through the admin header,
 * so a VF destroyed before or while the device processes it fails like any SR-IOV group command
 * (VF Enable 0 -> INVALID_GROUP; outside NumVFs -> INVALID_MEMBER; re-created with
 * memberIncarnation "fail" -> INVALID_MEMBER). A VF in DEVICE_NEEDS_RESET is treated as about to
 * be destroyed: with `netNeedsReset: "fail"` the command is acked VIRTIO_NET_ERR and changes nothing
 * (docs/ambiguities.md#a9-a-net-command-for-a-vf-in-device_needs_reset).
 */
import { z } from 'zod';
import type { OpcodeHandler } from '../adminq/handler.js';
import {
  VIRTIO_ADMIN_GROUP_TYPE_SELF,
  VIRTIO_ADMIN_GROUP_TYPE_SRIOV,
  VIRTIO_ADMIN_STATUS_EINVAL,
  VIRTIO_ADMIN_STATUS_OK,
  VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD,
  VIRTIO_ADMIN_STATUS_Q_OK,
  VIRTIO_CONFIG_S_NEEDS_RESET,
} from '../spec/constants.js';
import { readLe, writeLe } from '../../wire/bytes.js';
import { encodeNetCtrl, netCtrlArgs, type NetCtrlArgs } from './ctrl.js';
import { execNetCtrl, refuse } from './exec.js';
import {
  EXT_NET_ADMIN_CTRL,
  EXT_NET_ADMIN_CTRL_NAME,
  EXT_NET_OFF_CLASS,
  EXT_NET_OFF_COMMAND,
  EXT_NET_OFF_DATA,
  EXT_NET_OFF_VDID,
  EXT_NET_RESULT_BYTES,
} from './extension.js';

const params = z.strictObject(netCtrlArgs);

export const netAdminCtrl: OpcodeHandler<NetCtrlArgs> = {
  opcode: EXT_NET_ADMIN_CTRL,
  name: EXT_NET_ADMIN_CTRL_NAME,
  groups: [VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV],
  section: 'docs/extensions.md#virtio-net-admin-control — EXTENSION: the 2021 virtio-net admin control virtqueue ' +
    'proposal, never merged',
  extension: 'virtio-net admin control virtqueue (2021)',
  supported: (c) => c.deviceType === 'net' && c.netAdminCtrl,
  // virtual_device_id 0 is the management device itself: the Self group's member 0.
  groupFor: (member) => (member === 0 ? VIRTIO_ADMIN_GROUP_TYPE_SELF : VIRTIO_ADMIN_GROUP_TYPE_SRIOV),
  params,
  encode: (p, addr) => {
    const { cls, cmd, data } = encodeNetCtrl(p);
    const out = new Uint8Array(EXT_NET_OFF_DATA + data.length);
    writeLe(out, EXT_NET_OFF_VDID, 4, addr.member);
    out[EXT_NET_OFF_CLASS] = cls;
    out[EXT_NET_OFF_COMMAND] = cmd;
    out.set(data, EXT_NET_OFF_DATA);
    return out;
  },
  resultBytes: () => EXT_NET_RESULT_BYTES,
  incarnationBound: (profile) => !profile.quirks.netStaleIncarnation,
  execute: ({ state, hdr, data, cmd }) => {
    const fn = hdr.groupType === VIRTIO_ADMIN_GROUP_TYPE_SELF ? 0 : hdr.member;
    const vdid = readLe(data, EXT_NET_OFF_VDID, 4);
    if (vdid !== fn) return { status: VIRTIO_ADMIN_STATUS_EINVAL, qualifier: VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD };
    const cls = data[EXT_NET_OFF_CLASS] ?? 0;
    const command = data[EXT_NET_OFF_COMMAND] ?? 0;
    const body = data.length > EXT_NET_OFF_DATA ? data.subarray(EXT_NET_OFF_DATA) : new Uint8Array(0);
    const needsReset = fn >= 1 && (state.fns[fn]!.legacy.status & VIRTIO_CONFIG_S_NEEDS_RESET) !== 0;
    const out =
      needsReset && state.config.netNeedsReset === 'fail'
        ? refuse(fn, 'admin', cmd.cid, cls, command, 'VF is in DEVICE_NEEDS_RESET')
        : execNetCtrl(state, fn, cls, command, body, 'admin', cmd.cid);
    const result = new Uint8Array(EXT_NET_RESULT_BYTES);
    result[0] = out.ack;
    return { status: VIRTIO_ADMIN_STATUS_OK, qualifier: VIRTIO_ADMIN_STATUS_Q_OK, result, effects: out.events };
  },
};

/** The net family, for the composition root's opcode table. */
export const NET_HANDLERS = [netAdminCtrl] as const;
