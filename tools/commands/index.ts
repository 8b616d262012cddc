/** Every vtwin subcommand. Each module exports `register(program, io, setExit)`. */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerProfiles } from './profiles.js';
import { registerRules } from './rules.js';
import { registerFuzz } from './fuzz.js';
import { registerRun } from './run.js';
import { registerMain } from './main.js';
import { registerReplay } from './replay.js';
import { registerInspect } from './inspect.js';
import { registerTimeline } from './timeline.js';
import { registerState } from './state.js';
import { registerDiff } from './diff.js';
import { registerCheck } from './check.js';
import { registerExport } from './export.js';
import { registerBlame } from './blame.js';
import { registerShrink } from './shrink.js';
import { registerExplore } from './explore.js';

export type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

export const COMMANDS: Register[] = [
  registerRun,
  registerMain,
  registerProfiles,
  registerRules,
  registerFuzz,
  registerShrink,
  registerExplore,
  registerReplay,
  registerInspect,
  registerTimeline,
  registerState,
  registerDiff,
  registerCheck,
  registerExport,
  registerBlame,
];
