/**
 * What an admin command opcode is to the twin: how a typed scenario command becomes wire bytes,
 * and what the device does once the command passed validation (group -> opcode -> member).
 * Each opcode family (LIST_*, legacy, MSI-X provisioning, net) exports its handlers; the
 * composition root (../device.ts) gathers them into the device's OpcodeTable, which the admin
 * queue receives rather than knowing the families itself.
 */
import type { z } from 'zod';
import type { DeviceConfig } from '../config.js';
import type { EventBody } from '../events.js';
import type { Profile } from '../profiles.js';
import type { TwinState } from '../state.js';
import type { AdminHeader } from '../../wire/adminCmd.js';
import type { AqCommand } from './types.js';

/**
 * The opcodes a device answers to (built by ./table.ts). Extension opcodes may be renumbered by
 * the config's `extOpcodes`, so lookups take the config wherever it is at hand.
 */
export interface OpcodeTable {
  /** Every handler, ascending by default opcode. */
  readonly handlers: readonly AnyHandler[];
  handlerFor(opcode: number, config?: DeviceConfig): AnyHandler | undefined;
  handlerByName(name: string): AnyHandler | undefined;
  /** Opcodes the device reports in LIST_QUERY for a group type, ascending. */
  supportedOpcodes(config: DeviceConfig, groupType: number): number[];
  /** The handler's name, else the spec's name, else OPCODE_0x<hex>. */
  opcodeName(opcode: number, config?: DeviceConfig): string;
  /** A handler or spec opcode name, or OPCODE_0x<hex> / 0x<hex>, to its number. */
  opcodeByName(name: string, config?: Pick<DeviceConfig, 'extOpcodes'>): number | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHandler = OpcodeHandler<any>;

export interface ExecInput {
  /** State before the command takes effect (read-only). */
  state: Readonly<TwinState>;
  profile: Profile;
  /** The device's opcode table (LIST_QUERY reports it, LIST_USE checks against it). */
  opcodes: OpcodeTable;
  cmd: Readonly<AqCommand>;
  hdr: AdminHeader;
  /** command_specific_data; may be shorter or longer than the structure (read missing as 0). */
  data: Uint8Array;
  /** Bytes the driver provided for command_specific_result. */
  resultLen: number;
}

export interface ExecOutcome {
  status: number;
  qualifier: number;
  /** command_specific_result; truncated to the driver's buffer by the caller. */
  result?: Uint8Array;
  /**
   * The state changes this command makes. The caller applies them only when status is OK
   * (EINVAL/EAGAIN/ENOMEM have no side effects); a handler may return them on error too, so a
   * deviating profile can apply them and the error-no-side-effects rule can catch it.
   */
  effects?: EventBody[];
}

/** What encoding a typed command may need besides its parameters. */
export interface EncodeCtx {
  /** The header's group type and member. */
  groupType: number;
  member: number;
  /** The device's opcode table (LIST_USE names opcodes). */
  opcodes: OpcodeTable;
  /** The device config, which may renumber extensions (`extOpcodes`); absent: default numbers. */
  config?: DeviceConfig;
}

export interface OpcodeHandler<P = Record<string, unknown>> {
  opcode: number;
  /** Spec name, or the extension's name (prefixed so nobody mistakes it for the spec's). */
  name: string;
  /** Group types the opcode is defined for (the spec table's "Group" column). */
  groups: readonly number[];
  /** Spec section that defines it, or the extension's docs/extensions.md anchor (same form as a rule's section). */
  section: string;
  /** Set for opcodes the spec never merged: the extension's name. */
  extension?: string;
  /** Whether this device offers the opcode (it then appears in LIST_QUERY). */
  supported(config: DeviceConfig): boolean;
  /** Group-wide commands address member 0 (LIST_QUERY/LIST_USE); others a VF 1..NumVFs. */
  groupWide?: boolean;
  /** Scenario parameters besides opcode/group/member (validated before anything runs). */
  params?: z.ZodType<P>;
  /**
   * The opcode has a `data` parameter of its own (legacy writes: the register bytes), so a typed
   * command's `data` goes to `params` instead of replacing command_specific_data.
   */
  dataParam?: boolean;
  /** Group type of a typed command that names none, given its member (default: SR-IOV if listed). */
  groupFor?(member: number): number;
  /** command_specific_data for typed parameters. */
  encode?(params: P, ctx: EncodeCtx): Uint8Array;
  /**
   * Whether the device ties the command to the VF incarnation it addressed when
   * memberIncarnation is "fail" (default true). A deviating profile may untie one opcode.
   */
  incarnationBound?(profile: Profile): boolean;
  /** Default result buffer size for a typed command. */
  resultBytes?(params: P): number;
  execute(input: ExecInput): ExecOutcome;
}
