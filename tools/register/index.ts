/**
 * Every vtwin subcommand, registered cheaply (README "Working on the twin (conventions)": adding a
 * command). A registration module declares a command to commander — name, arguments, options,
 * help — and imports the module that runs it (tools/commands/<name>.ts) only when it runs, so
 * `vtwin --version` or `vtwin state --at` loads just what it uses. Registration modules import
 * commander, tools/io.ts and each other, nothing else at run time (test/unit/arch/cli-startup.test.ts).
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerBlame } from './blame.js';
import { registerCheck } from './check.js';
import { registerCheckExport } from './checkExport.js';
import { registerDiff } from './diff.js';
import { registerExplore } from './explore.js';
import { registerExport } from './export.js';
import { registerFuzz } from './fuzz.js';
import { registerIngest } from './ingest.js';
import { registerInspect } from './inspect.js';
import { registerMain } from './main.js';
import { registerOpcodes } from './opcodes.js';
import { registerOps } from './ops.js';
import { registerProfiles } from './profiles.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerRules } from './rules.js';
import { registerRun } from './run.js';
import { registerShrink } from './shrink.js';
import { registerState } from './state.js';
import { registerTimeline } from './timeline.js';
import { registerView } from './view.js';

export type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

export const COMMANDS: Register[] = [
  registerRun,
  registerMain,
  registerProfiles,
  registerRules,
  registerOps,
  registerOpcodes,
  registerFuzz,
  registerShrink,
  registerReplay,
  registerInspect,
  registerTimeline,
  registerState,
  registerDiff,
  registerCheck,
  registerExport,
  registerBlame,
  registerView,
  registerCheckExport,
  registerReport,
  registerIngest,
  registerExplore,
];
