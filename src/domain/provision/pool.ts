/** How the PF's VF MSI-X pool is shared out (the pool itself: ./types.ts). */
import type { DeviceConfig } from '../config.js';

/**
 * The Table Size each VF gets at SR-IOV enable: `vfMsixVectors`, unless numVFs of those would
 * over-commit the pool; then every VF gets an equal share floor(pool / numVFs) (mlx5 likewise
 * splits its pool evenly at enable). The share may fall below vfMsixMin, even to 0 (the VF then
 * has no MSI-X vectors until it is provisioned); SR-IOV enable never fails for the pool.
 */
export function vfDefaultCount(config: DeviceConfig, numVFs: number): number {
  if (numVFs <= 0) return config.vfMsixVectors;
  return Math.min(config.vfMsixVectors, Math.floor(config.vfMsixPool / numVFs));
}
