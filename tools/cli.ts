/**
 * `vtwin`: a thin edge over the library. Each command is declared (arguments, options, help) in
 * tools/register/<name>.ts, which loads tools/commands/<name>.ts only when the command runs; that
 * module rejects conflicts up front, calls src/, prints, and returns an exit code.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT } from '../src/errors.js';
import { TWIN_VERSION } from '../src/version.js';
import { exitCodeFor, type Io } from './io.js';
import { COMMANDS } from './register/index.js';
import { checkCommandWord } from './suggest.js';

export type CommandResult = number | void;

export function createProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('vtwin')
    .description('virtio-twin: a deterministic digital twin of a virtio PCI device with SR-IOV')
    .version(TWIN_VERSION)
    // Usage errors are one line like every other bad input (README "CLI reference"): `vtwin: <what>
    // (...)`.
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s),
      outputError: (s, write) => write(usageLine(s)) })
    .exitOverride()
    // Options after a subcommand belong to it (`vtwin fuzz merge a b --json`).
    .enablePositionalOptions();
  for (const register of COMMANDS) {
    register(program, io, setExit);
  }
  return program;
}

/** Commander's "error: unknown option '--x'\n" as the CLI's single stderr line. */
export function usageLine(message: string): string {
  const text = message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
  return `vtwin: ${text} (run with --help for usage)\n`;
}

/** Run the CLI in-process; resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = createProgram(io, (c) => (code = c));
  try {
    checkCommandWord(argv, program);
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
        || e.code === 'commander.help') return 0;
      return EXIT_BAD_INPUT;
    }
    return exitCodeFor(e, io);
  }
}
