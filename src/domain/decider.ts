/**
 * Shapes shared by every aggregate: a decider turns (state, command) into event bodies; a recipe
 * applies one event to a draft. Maps keyed by op / type make dispatch O(1) and, being exhaustive
 * mapped types, fail to compile when a new command or event has no handler.
 */
import type { Command, CommandOf, CommandOp } from './commands.js';
import type { BodyOf, EventBody, EventType } from './events.js';
import type { Profile } from './profiles.js';
import type { TwinState } from './state.js';

export interface DecideCtx {
  profile: Profile;
  /**
   * For a `device.run` picked from a menu listed just now (nothing applied since): that menu's
   * length, so the decision need not list it again. Undefined otherwise.
   */
  readyCount?: number | undefined;
}

export type Decider<C extends Command = Command> = (s: Readonly<TwinState>, cmd: C, ctx: DecideCtx) => EventBody[];
export type DeciderMap<O extends CommandOp> = { [K in O]: Decider<CommandOf<K>> };

/**
 * A recipe must never store an object or array *from the event* into the draft: copy it. Events
 * are shared by the snapshot path (immer freezes what enters its tree) and the working-copy path
 * (which mutates in place), so a shared reference would freeze the working copy.
 */
export type Recipe<E extends EventBody = EventBody> = (draft: TwinState, e: E) => void;
export type RecipeMap<T extends EventType> = { [K in T]: Recipe<BodyOf<K>> };
