/**
 * Unknown commands, caught before commander sees them: `vtwin replya --help` would otherwise print
 * the top-level help and exit 0, and `vtwin help replya` likewise. Both are usage errors (exit 2)
 * with the closest command names.
 */
import { InputError } from '../src/errors.js';
import { closest, editDistance } from '../src/util/closest.js';

/** A usage error that names an unknown command and what the user probably meant. */
export class UnknownCommandError extends InputError {
  constructor(
    readonly given: string,
    readonly suggestions: readonly string[],
    known: readonly string[],
  ) {
    super(`unknown command '${given}' (${suggestions.length ? `did you mean ${orList(suggestions)}?`
      : `commands: ${known.join(', ')}`}) (run with --help for usage)`);
    this.name = 'UnknownCommandError';
  }
}

function orList(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Known names close enough to `given` to be what was meant (a typo, a prefix), nearest first. */
export function suggestions(given: string, known: readonly string[]): string[] {
  const near = (k: string) => k.startsWith(given) || given.startsWith(k)
    || editDistance(given, k) <= Math.max(2, Math.floor(given.length / 3));
  return closest(given, known.filter(near));
}

/** What the check needs of a command: its name, its subcommands, whether it takes operands. */
export interface CommandShape {
  name(): string;
  readonly commands: readonly CommandShape[];
  readonly registeredArguments: readonly unknown[];
}

/**
 * The command words of `argv` (after `help`, if given) checked against `program`'s commands and,
 * for a command with subcommands and no operands of its own (`fuzz merge`), its subcommands.
 * Throws UnknownCommandError naming the closest ones; top-level options and no command pass.
 */
export function checkCommandWord(argv: readonly string[], program: CommandShape): void {
  let i = argv.findIndex((a) => !a.startsWith('-'));
  if (i < 0) return;
  const top = program.commands.map((c) => c.name());
  if (argv[i] === 'help' && !top.includes('help')) i++;
  const word = argv[i];
  if (word === undefined) return;
  const cmd = program.commands.find((c) => c.name() === word);
  if (!cmd) throw new UnknownCommandError(word, suggestions(word, top), top);
  // Only the word right after it can be a subcommand: later words may be option values.
  const sub = argv[i + 1];
  const subs = cmd.commands.map((c) => c.name());
  if (subs.length === 0 || cmd.registeredArguments.length > 0 || sub === undefined || sub.startsWith('-')
    || subs.includes(sub) || sub === 'help') return;
  throw new UnknownCommandError(`${word} ${sub}`, suggestions(sub, subs).map((s) => `${word} ${s}`),
    subs.map((s) => `${word} ${s}`));
}
