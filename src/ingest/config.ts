/**
 * The shadow run's device config (README "Captured traces"): the calibrated options, the user's
 * `--device` options over them, and the profile.
 */
import type { DeviceConfig, DeviceConfigInput } from '../domain/config.js';
import { resolveConfig } from '../domain/device.js';
import { defaultMac } from '../domain/net/types.js';
import type { Plan } from './plan.js';
import type { Assumption } from './steps.js';

/**
 * Options the calibrated values imply so the config is valid (a Table Size outside the
 * provisioning extension's default bounds, a pool too small for the VFs).
 */
function fit(o: Record<string, unknown>): void {
  const v = o.vfMsixVectors as number | undefined;
  if (v !== undefined && v > 0) {
    if (o.vfMsixMin === undefined && v < 2) o.vfMsixMin = v;
    if (o.vfMsixMax === undefined && v > 64) o.vfMsixMax = v;
    const vfs = Math.max((o.numVFs as number | undefined) ?? 0, (o.totalVFs as number | undefined) ?? 8);
    if (o.vfMsixPool === undefined && vfs * v > 256) o.vfMsixPool = vfs * v;
  }
  if (o.deviceType === 'blk' && o.vfQueues === undefined) o.vfQueues = 1;
}

/** The shadow run's device config and every assumption behind it. */
export function calibratedConfig(
  plan: Plan,
  opts: { device?: DeviceConfigInput },
  profile: string,
): { config: DeviceConfig; assumptions: Assumption[] } {
  const given = opts.device ?? {};
  const cal = plan.calibration.result(given, defaultMac);
  const header = plan.extOpcodes ? { extOpcodes: plan.extOpcodes } : {};
  const options: Record<string, unknown> = { ...cal.options, ...header, ...given, profile };
  fit(options);
  const config = resolveConfig(options, opts.device ? '--device' : 'calibrated device', 'device');
  return { config, assumptions: [...plan.assumptions, ...cal.assumptions] };
}
