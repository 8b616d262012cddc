/** Scenario sets and small helpers shared by the exploration tests. */
import { basename, join } from 'node:path';
import { PROFILES } from '../../../src/domain/profiles.js';
import { problemFromScenario, type Problem } from '../../../src/explore/problem.js';
import { Machine } from '../../../src/explore/machine.js';
import { Search, type SearchOptions, type Tally } from '../../../src/explore/search.js';
import { loadScenario, scenarioFilesIn } from '../../../src/scenario/file.js';
import type { Scenario } from '../../../src/scenario/types.js';

export const SCENARIOS = join(import.meta.dirname, '..', '..', '..', 'scenarios');

/** Bundled scenarios small enough to explore in a unit test (the 4096-VF ones and full bring-ups aside). */
export function smallScenarios(): Scenario[] {
  return scenarioFilesIn(SCENARIOS)
    .map((f) => loadScenario(f, basename(f)))
    .filter((sc) => sc.device.totalVFs <= 64 && !sc.name.startsWith('legacy-bringup'));
}

export function scenario(name: string): Scenario {
  return loadScenario(join(SCENARIOS, `${name}.json`), `${name}.json`);
}

export const DEVIATIONS = PROFILES.filter((p) => p.name !== 'spec');

export function search(problem: Problem, o: Partial<SearchOptions> = {}): Tally {
  return new Search(new Machine(problem), { bounds: {}, ...o }).run();
}

export function rulesOf(t: Tally): string[] {
  return Object.keys(t.violations).sort();
}

export function problem(name: string, profile?: string): Problem {
  return problemFromScenario(scenario(name), profile);
}
