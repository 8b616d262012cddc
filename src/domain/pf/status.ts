/**
 * What the PF's device status and features say, and the PF at power-on: as Linux's probe leaves
 * it when the config starts it initialised.
 */
import type { DeviceConfig } from '../config.js';
import {
  VIRTIO_CONFIG_S_ACKNOWLEDGE,
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FEATURES_OK,
  VIRTIO_F_ADMIN_VQ,
  VIRTIO_F_SR_IOV,
  VIRTIO_F_VERSION_1,
} from '../spec/constants.js';
import type { PfState } from './types.js';

export const STATUS_INITIALISED =
  VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK;

/** Feature bits the PF offers and a Linux driver accepts. */
export function offeredFeatures(config: DeviceConfig): number[] {
  const bits = [VIRTIO_F_VERSION_1];
  if (config.sriov) bits.push(VIRTIO_F_SR_IOV);
  if (config.adminVq) bits.push(VIRTIO_F_ADMIN_VQ);
  return bits.sort((a, b) => a - b);
}

export function pfBootState(config: DeviceConfig): PfState {
  return config.pfInitialized
    ? { status: STATUS_INITIALISED, features: offeredFeatures(config), resets: 0 }
    : { status: 0, features: [], resets: 0 };
}

export function hasFeature(pf: PfState, bit: number): boolean {
  return pf.features.includes(bit);
}

export function isDriverOk(pf: PfState): boolean {
  return (pf.status & VIRTIO_CONFIG_S_DRIVER_OK) !== 0;
}
