/** Human output for scenario results (shared by `run` and `main`). Colour only on a TTY, and not with NO_COLOR. */
import type { ScenarioResult } from '../../src/scenario/types.js';
import type { Io } from '../io.js';

export interface Paint {
  ok(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const plain: Paint = { ok: (s) => s, bad: (s) => s, dim: (s) => s, bold: (s) => s };
const ansi: Paint = {
  ok: (s) => `\x1b[32m${s}\x1b[0m`,
  bad: (s) => `\x1b[31m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`,
  bold: (s) => `\x1b[1m${s}\x1b[0m`,
};

export function paint(io: Io): Paint {
  return (io.color ?? io.isTty) ? ansi : plain;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per scenario, then its failures indented beneath. */
export function formatResult(r: ScenarioResult, p: Paint): string {
  const unexpected = r.failures.filter((f) => f.kind === 'violation').length;
  const expectedV = r.violations.length - unexpected;
  const v = r.violations.length === 0 ? '0 violations'
    : `${plural(r.violations.length, 'violation')}${expectedV ? ` (${expectedV} expected)` : ''}`;
  const head =
    `${r.passed ? p.ok('PASS') : p.bad('FAIL')}  ${p.bold(r.name)}  ${p.dim(`${plural(r.events, 'event')}, ${v}`)}`;
  const lines = [head];
  for (const f of r.failures) lines.push(`      ${f.step >= 0 ? `steps[${f.step}] ` : ''}${f.message}`);
  if (!r.passed) lines.push(p.dim(`      ${r.file} (seed ${r.seed}, profile ${r.profile})`));
  return lines.join('\n') + '\n';
}

export function formatTotals(results: readonly ScenarioResult[], p: Paint): string {
  const failed = results.filter((r) => !r.passed).length;
  const text = `${plural(results.length, 'scenario')}: ${results.length - failed} passed, ${failed} failed`;
  return (failed ? p.bad(text) : p.ok(text)) + '\n';
}
