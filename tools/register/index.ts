/**
 * Every vtwin subcommand, registered cheaply (README "Working on the twin (conventions)": adding a
 * command). A registration module declares a command to commander — name, arguments, options,
 * help — and imports the module that runs it (tools/commands/<name>.ts) only when it runs, so
 * `vtwin --version` or `vtwin state --at` loads just what it uses. Registration modules import
 * commander, tools/io.ts and each other, nothing else at run time (test/unit/arch/cli-startup.test.ts).
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerExplore } from './explore.js';
import { registerInspect } from './inspect.js';
import { registerMain } from './main.js';
import { registerProfiles } from './profiles.js';
import { registerReplay } from './replay.js';
import { registerRun } from './run.js';
// Not yet split into a registration module (they load their command's modules eagerly).
import { registerBlame } from '../commands/blame.js';
import { registerExport } from '../commands/export.js';
import { registerFuzz } from '../commands/fuzz.js';
import { registerRules } from '../commands/rules.js';
import { registerShrink } from '../commands/shrink.js';
import { registerState } from '../commands/state.js';
import { registerTimeline } from '../commands/timeline.js';
import { registerView } from '../commands/view.js';
import { registerCheckExport } from '../commands/checkExport.js';
import { registerReport } from '../commands/campaignReport.js';
import { registerIngest } from '../commands/ingest.js';
import { registerOps } from '../commands/ops.js';
import { registerOpcodes } from '../commands/opcodes.js';

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
