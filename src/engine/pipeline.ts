/**
 * The RxJS view of the engine (README "Architecture"): command$ -> decide -> event$ -> scan(evolve)
 * -> state$.
 *
 * `event$` comes from the engine (decide + evolve on its working copy + rules). `state$` folds the
 * same events with the same recipe under immer's `produce`, so subscribers get immutable,
 * structurally shared snapshots while the engine's hot path stays proxy-free. Subjects are
 * synchronous: after `command$.next(cmd)` returns, every subscriber has seen its events.
 */
import { Immer } from 'immer';
import { Observable, Subject, concatMap, from, scan, share, shareReplay, startWith } from 'rxjs';
import type { Command } from '../domain/commands.js';
import type { Event } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import type { TwinState } from '../domain/state.js';
import type { Violation } from '../rules/framework.js';
import { ObserverError } from '../errors.js';
import type { Engine } from './engine.js';

export interface Pipeline {
  /** Raw commands, not validated: prefer `Twin.execute`, which validates and reports failures. */
  command$: Subject<Command>;
  event$: Observable<Event>;
  state$: Observable<Readonly<TwinState>>;
  violation$: Observable<Violation>;
  /**
   * What the engine threw for the last command pushed, if anything, and clears it. The streams
   * never error: an exception in RxJS's error channel would end them (the twin would ignore every
   * later command) and, with no error handler, RxJS rethrows it asynchronously and kills the process.
   */
  takeFailure(): unknown;
}

/** Deep copy of plain data: the snapshot path must never share objects with the working copy. */
export function cloneState(s: TwinState): TwinState {
  return structuredClone(s);
}

/**
 * Above this many functions snapshots are not frozen. Immer's auto-freeze walks every element of
 * an array it copies, and `fns` has TotalVFs + 1 of them: at 4097 functions that was ~270 us per
 * event against ~13 us without it. Snapshots stay structurally shared and typed Readonly; small
 * states (every test) keep the freeze, which turns an accidental mutation into an exception.
 */
export const FREEZE_MAX_FUNCTIONS = 1025;

export function pipeline(engine: Engine): Pipeline {
  const { produce } = new Immer({ autoFreeze: engine.state.fns.length <= FREEZE_MAX_FUNCTIONS });
  const command$ = new Subject<Command>();
  const violations = new Subject<Violation>();
  engine.addObserver({ onViolation: (v) => violations.next(v) });
  let failure: unknown = undefined;
  const run = (cmd: Command): readonly Event[] => {
    try {
      return engine.execute(cmd);
    } catch (e) {
      failure ??= e;
      // An observer's exception comes after the command was applied in full: its events still flow.
      return e instanceof ObserverError ? (e.events as Event[]) : [];
    }
  };
  const event$ = command$.pipe(
    concatMap((cmd) => from(run(cmd))),
    share(),
  );
  const initial: Readonly<TwinState> = produce(cloneState(engine.state), () => {});
  const state$ = event$.pipe(
    scan((s: Readonly<TwinState>, e: Event) => produce(s, (d) => evolve(d as TwinState, e)), initial),
    startWith(initial),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  const takeFailure = (): unknown => {
    const f = failure;
    failure = undefined;
    return f;
  };
  return { command$, event$, state$, violation$: violations.asObservable(), takeFailure };
}
