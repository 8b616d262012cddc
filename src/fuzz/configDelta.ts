/**
 * A device config as what it changes from the defaults: what a reproducer writes in its `device`
 * block, and what the shrinker tries to give up (README "Fuzz campaigns": shrinking).
 */
import type { DeviceConfig } from '../domain/config.js';
import { defaultConfig, resolveConfig } from '../domain/device.js';
import { ConfigError } from '../errors.js';

let defaults: Record<string, unknown> | null = null;
function defaultsOf(): Record<string, unknown> {
  defaults ??= defaultConfig() as unknown as Record<string, unknown>;
  return defaults;
}

/** The options of `config` that differ from the defaults, in key order. */
export function configDelta(config: DeviceConfig): Partial<DeviceConfig> {
  const d = defaultsOf();
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(config).sort()) {
    const v = (config as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(v) !== JSON.stringify(d[k])) out[k] = v;
  }
  return out as Partial<DeviceConfig>;
}

/** `config` with option `key` back at its default, or null when that config is refused. */
export function resetOption(config: DeviceConfig, key: string): DeviceConfig | null {
  const delta = { ...configDelta(config) } as Record<string, unknown>;
  delete delta[key];
  try {
    return resolveConfig(delta, 'shrinker');
  } catch (e) {
    // e.g. numVFs above the default totalVFs: that option cannot go alone.
    if (e instanceof ConfigError) return null;
    throw e;
  }
}
