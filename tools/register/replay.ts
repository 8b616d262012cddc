import { Option, type Command } from 'commander';
import type { Io } from '../io.js';

export function registerReplay(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description(
      'replay a trace and verify it: fold (re-apply events, check state hashes) or reexec (re-run commands, compare ' +
      'events)')
    .argument('<trace>', 'trace file')
    .addOption(new Option('--mode <mode>', 'fold: detects reducer drift; reexec: detects device-model changes').choices(
      ['fold', 'reexec']).default('fold'))
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, opts: { mode: 'fold' | 'reexec'; json?: boolean }) =>
      (await import('../commands/replay.js')).replayAction(io, setExit, file, opts));
}
