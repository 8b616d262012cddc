/**
 * The composition root: the one module that knows every admin opcode family. The admin queue
 * (./adminq/) is a core that receives its opcode table; each family exports its handlers from its
 * own folder. A new family is that folder plus one line in FAMILIES.
 *
 * Everything that depends on which opcodes exist is bound here: config validation (extension
 * numbers), the in-use set the PF driver's probe leaves, and the lookups the analysis, scenario,
 * fuzz and CLI code use (handlerFor, opcodeName, ...).
 */
import type { AnyHandler, OpcodeTable } from './adminq/handler.js';
import { LIST_HANDLERS, linuxBringUpInUse } from './adminq/list.js';
import { extOpcodeProblem, opcodeOf, opcodeTable } from './adminq/table.js';
import { checkConfig, coreConfigProblem, firstProblem, parseConfig, withDefaults, type ConfigCheck, type DeviceConfig,
  type DeviceConfigInput } from './config.js';
import { legacyConfigProblem } from './legacy/config.js';
import { LEGACY_HANDLERS } from './legacy/handlers.js';
import { NET_HANDLERS } from './net/adminCmd.js';
import { PROVISION_HANDLERS } from './provision/handlers.js';
import { initialStateWith, type TwinState } from './state.js';

/** Every opcode family the device implements. */
const FAMILIES: readonly (readonly AnyHandler[])[] = [
  LIST_HANDLERS, // LIST_QUERY, LIST_USE (./adminq/list.ts)
  PROVISION_HANDLERS, // VTWIN_EXT_VF_MSIX_SET/GET (./provision/)
  LEGACY_HANDLERS, // LEGACY_*_CFG_*, LEGACY_NOTIFY_INFO (./legacy/)
  NET_HANDLERS, // EXT_NET_ADMIN_CTRL (./net/)
];

export const OPCODES: OpcodeTable = opcodeTable(FAMILIES.flat());

/** Lookups in the device's opcode table (see OpcodeTable). */
export const { handlerFor, opcodeName, opcodeByName, supportedOpcodes } = OPCODES;
export { opcodeOf };

/**
 * extOpcodeProblem reads a config only through `extOpcodes`: without any, its answer is the
 * table's own, the same for every config (computed once: a fuzz campaign resolves one per run).
 */
let noExtProblem: [string, string] | null | undefined;
const extCheck: ConfigCheck = (c) => {
  if (Object.keys(c.extOpcodes ?? {}).length > 0) return extOpcodeProblem(c, OPCODES);
  if (noExtProblem === undefined) noExtProblem = extOpcodeProblem(c, OPCODES);
  return noExtProblem;
};

/** Cross-field config checks, in the order they run: the first problem is the one reported. */
const CONFIG_CHECKS: readonly ConfigCheck[] = [coreConfigProblem, extCheck, legacyConfigProblem];

/** Cross-field checks that a schema cannot express. Returns [jsonPath, expectation] or null. */
export function configProblem(c: DeviceConfig): [string, string] | null {
  return firstProblem(c, CONFIG_CHECKS);
}

/** Configs resolveConfig returned: an engine given one of them need not resolve it again. */
const RESOLVED = new WeakSet<object>();

/**
 * Fill defaults and validate. `source` names where the config came from (a file) so the error
 * says which file and which field.
 */
export function resolveConfig(input: unknown, source = 'device config', basePath = 'device'): DeviceConfig {
  const config = parseConfig(input, CONFIG_CHECKS, source, basePath);
  RESOLVED.add(config);
  return config;
}

/**
 * resolveConfig for input built valid by construction (config.ts `withDefaults` says what that
 * takes): the same config, without the schema check; the cross-field checks still run.
 */
export function resolveBuilt(input: DeviceConfigInput, source = 'device config', basePath = 'device'): DeviceConfig {
  const config = checkConfig(withDefaults(input), CONFIG_CHECKS, source, basePath);
  RESOLVED.add(config);
  return config;
}

/** A config as resolveConfig returns it, resolving partial input (a full engine per fuzz run stays cheap). */
export function ensureConfig(input: DeviceConfig | DeviceConfigInput): DeviceConfig {
  return RESOLVED.has(input) ? (input as DeviceConfig) : resolveConfig(input);
}

export function defaultConfig(overrides: DeviceConfigInput = {}): DeviceConfig {
  return resolveConfig(overrides);
}

/** The state a device with this config powers on in. Pure function of the config. */
export function initialState(config: DeviceConfig): TwinState {
  return initialStateWith(config, linuxBringUpInUse(config, OPCODES));
}
