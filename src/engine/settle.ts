/** The settle loop the engine and the twin share (./engine.ts Engine.settle, src/twin.ts). */
import { ObserverError } from '../errors.js';

/**
 * Run `step` until it finds nothing (at most `maxSteps` times), then `settled`. An observer's
 * exception does not stop the loop (each command was applied in full): the run settles as it
 * would have, then the first ObserverError is thrown.
 */
export function settleGuarded(step: () => unknown, settled: () => void, maxSteps: number): number {
  let failure: ObserverError | null = null;
  const guard = <T>(f: () => T, none: T): T => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ObserverError)) throw e;
      failure ??= e;
      return none;
    }
  };
  let n = 0;
  while (n < maxSteps && guard(step, true)) n++;
  guard(settled, undefined);
  if (failure) throw failure;
  return n;
}
