/** Scenarios: schema registries, loader, runner (README "Scenario format"). */
export { parseScenario, validateScenario, MAX_STEPS, MAX_SCENARIO_CHARS } from './loader.js';
export { loadScenario, scenarioFilesIn, expandScenarioPaths, type ScenarioPath } from './file.js';
export { runScenario, type RunOptions } from './runner.js';
export { validateCommand } from './command.js';
export { OPS, knownOps, type OpSpec, type OpRegistry, type LoadCtx } from './registry.js';
export { EXPECTATIONS, knownExpectations, type ExpectSpec, type EvalCtx } from './expectations.js';
export { CONTROL, WORK_KINDS } from './control.js';
export { ScenarioSyntaxError, type ScenarioFormat } from './syntax.js';
export type * from './types.js';
