/** Every vtwin subcommand. Each module exports `register(program, io, setExit)`. */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerProfiles } from './profiles.js';
import { registerRules } from './rules.js';
import { registerFuzz } from './fuzz.js';
import { registerRun } from './run.js';
import { registerMain } from './main.js';

export type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

export const COMMANDS: Register[] = [registerRun, registerMain, registerProfiles, registerRules, registerFuzz];
