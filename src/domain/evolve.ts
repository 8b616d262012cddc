/**
 * evolve(draft, event): the one recipe that folds an event into state. It cannot fail. Run inside
 * immer's `produce` it yields immutable snapshots (API, analysis); run on a private working copy
 * it mutates in place with no proxies (replay and fuzz hot loops). Same code, both paths.
 */
import { aqRecipes } from './adminq/evolve.js';
import type { Recipe, RecipeMap } from './decider.js';
import type { EventBody, EventType } from './events.js';
import { pfRecipes } from './pf/evolve.js';
import { sriovRecipes } from './sriov/evolve.js';
import { msixRecipes } from './msix/evolve.js';
import { legacyRecipes } from './legacy/evolve.js';
import { mapperRecipes } from './mapper/evolve.js';
import { netRecipes } from './net/evolve.js';
import type { TwinState } from './state.js';
import { hostRecipes } from './host/evolve.js';
import { provisionRecipes } from './provision/evolve.js';
import { mmioRecipes } from './mmio/evolve.js';

const recipes: RecipeMap<EventType> = {
  'sched/picked': () => {},
  ...pfRecipes,
  ...sriovRecipes,
  ...aqRecipes,
  ...msixRecipes,
  ...hostRecipes,
  ...provisionRecipes,
  ...mmioRecipes,
  ...legacyRecipes,
  ...mapperRecipes,
  ...netRecipes,
};

/** The same recipes in a Map: a lookup by an ever-changing type string is about twice as fast. */
const byType: ReadonlyMap<string, Recipe> = new Map(Object.entries(recipes) as [string, Recipe][]);

export function evolve(draft: TwinState, e: EventBody): void {
  byType.get(e.type)!(draft, e);
}

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(recipes, type);
}

/** The recipe for one event type, or undefined if unknown (replay looks it up once per type). */
export function recipeFor(type: string): Recipe | undefined {
  return isKnownEventType(type) ? (recipes[type] as Recipe) : undefined;
}
