/** Option parsers for registration modules: cheap, they run while commander parses the line. */
import { InvalidArgumentError } from 'commander';

/** Commander parser for a seq or count: a non-negative integer. */
export function seqArg(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a non-negative integer.');
  return Number(value);
}
