/**
 * Administration virtqueues ("Administration Virtqueues"): one or more queues on the PF, each with
 * a depth, FIFO within a queue and no order across queues. A command moves
 * submitted -> processing -> completed (device wrote status and the used entry) -> reaped (the
 * driver's completion handler saw it). Reaped commands leave the state: history lives in events.
 */
import type { DeviceConfig } from '../config.js';
import { VIRTIO_ADMIN_GROUP_TYPE_SELF, VIRTIO_ADMIN_GROUP_TYPE_SRIOV } from '../spec/constants.js';

export type AqPhase = 'submitted' | 'processing' | 'completed';

export interface AqCommand {
  cid: number;
  tag: string;
  q: number;
  /** Device-readable part as the driver laid it out (lower-case hex). */
  req: string;
  /** Size in bytes of command_specific_result (the writable part after the 8-byte status block). */
  resultLen: number;
  /**
   * Total bytes of the writable part when the driver gave fewer than the 8-byte status block
   * (resultLen is then 0); absent otherwise (the part is 8 + resultLen bytes).
   */
  writable?: number;
  /** Decoded once at submit (the driver knows what it sent); the device re-decodes `req`. */
  opcode: number;
  groupType: number;
  member: number;
  /** Incarnation of `member` when the driver submitted (0 = no such live VF then). */
  incarnation: number;
  /** SR-IOV epoch at submit: a later enable/disable means the command was queued across it. */
  epoch: number;
  phase: AqPhase;
  /** Set when completed. */
  status?: number;
  qualifier?: number;
  result?: string;
}

export interface AqQueue {
  /** Virtqueue index: admin_queue_index + position. */
  vq: number;
  /** Commands not yet completed by the device, in submission order. */
  pending: number[];
  /** The command the device is processing (one at a time per queue), or -1. */
  busy: number;
  /** Commands completed but not yet reaped by the driver, in completion (used ring) order. */
  used: number[];
}

export interface AqState {
  queues: AqQueue[];
  /**
   * In-flight commands, oldest cid first (./inflight.ts): find one with `aqCommand(aq, cid)`.
   * Users see it as a map from cid to command (`aq.commands.12`).
   */
  commands: AqCommand[];
  nextCid: number;
  /** LIST_USE in-use opcode sets, per group type (index = group type 0 Self, 1 SR-IOV). */
  inUse: number[][];
}

/**
 * Admin queues at power-on. `sriovInUse` is the SR-IOV group's in-use set the PF driver's probe
 * left when the config starts the PF initialised (the composition root computes it from the
 * device's opcode table: ./list.ts `linuxBringUpInUse`).
 */
export function initialAq(config: DeviceConfig, sriovInUse: readonly number[]): AqState {
  const queues: AqQueue[] = [];
  for (let i = 0; i < config.adminQueues;
    i++) queues.push({ vq: config.pfQueues + i, pending: [], busy: -1, used: [] });
  const inUse: number[][] = [];
  inUse[VIRTIO_ADMIN_GROUP_TYPE_SELF] = [0, 1];
  inUse[VIRTIO_ADMIN_GROUP_TYPE_SRIOV] = config.pfInitialized ? [...sriovInUse] : [0, 1];
  return { queues, commands: [], nextCid: 0, inUse };
}
