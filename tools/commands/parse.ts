/** Option parsing shared by commands: every bad value is an InputError naming the flag. */
import { InputError } from '../../src/errors.js';

export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(`${flag}: expected an integer in ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** "60s", "2m", "500ms", "1h", or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new InputError(`${flag}: expected a duration like 60s, 2m or 500ms, got ${JSON.stringify(text)}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(m[1]) * unit;
  if (ms <= 0) throw new InputError(`${flag}: must be positive`);
  return ms;
}

/** "i/n" with 0 <= i < n. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new InputError(
    `--shard: expected i/n with 0 <= i < n (e.g. 0/4), got ${JSON.stringify(text)}`);
  return { index, count };
}
