/**
 * The one seeded generator (README "Guarantees"): pure-rand's xoroshiro128+, the generator
 * fast-check uses. Its version is pinned in package.json because a changed algorithm changes every
 * trace.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability num/den. */
  chance(num: number, den: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seededRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  const int = (min: number, max: number): number => uniformInt(g, min, max);
  return {
    int,
    chance: (num, den) => int(0, den - 1) < num,
    pick: (items) => items[int(0, items.length - 1)]!,
  };
}
