/**
 * Commands are intents: what an actor (PF driver, host/VFIO, guest driver, the device's own work)
 * does. Scenario `op` steps are commands verbatim (README "Scenario format"); the scheduler's picks
 * are `device.run` commands, so a trace's command records alone re-execute a run exactly.
 */
import type { WritableSpec } from './adminq/writable.js';
import type { WorkItem } from './items.js';
import type { HostCommand, MmioCommand, MsixCommand } from './msix/commands.js';
import type { LegacyCommand } from './legacy/commands.js';
import type { MapperCommand } from './mapper/commands.js';
import type { NetCommand } from './net/commands.js';

/** A typed admin command as scenarios write it; the handler for `opcode` encodes the rest. */
export interface TypedAdminCmd {
  opcode: string | number;
  /** Group type: "SRIOV" (1) or "SELF" (0) or a raw number; defaults to the opcode's first group. */
  group?: 'SELF' | 'SRIOV' | number;
  /** group_member_id; defaults to 0. */
  member?: number;
  [param: string]: unknown;
}

export type Command =
  | { op: 'pf.reset' }
  /** The PF driver's probe: ACK, DRIVER, features, FEATURES_OK, DRIVER_OK. */
  | { op: 'pf.init' }
  | { op: 'pf.status'; value: number }
  | { op: 'sriov.enable'; numVFs: number }
  | { op: 'sriov.disable' }
  | {
      op: 'aq.submit';
      tag?: string;
      queue?: number;
      cmd?: TypedAdminCmd;
      /** Hex of the device-readable part, as a driver laid it out. */
      raw?: string;
      /** Size of command_specific_result the driver provides. */
      resultBytes?: number;
      /** The device-writable part's layout: total length, status/result descriptors, stale bytes. */
      writable?: WritableSpec;
    }
  | { op: 'device.run'; item: WorkItem }
  | { op: 'time.advance'; ticks: number }
  | MsixCommand
  | HostCommand
  | MmioCommand
  | LegacyCommand
  | MapperCommand
  | NetCommand;

export type CommandOp = Command['op'];
export type CommandOf<O extends CommandOp> = Extract<Command, { op: O }>;
