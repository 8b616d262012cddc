/** Human output for scenario results (shared by `run` and `main`). Colour only on a TTY, and not with NO_COLOR. */
import type { ScenarioResult } from '../../src/scenario/types.js';
import { colorWanted, type Io } from '../io.js';

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

/** Colour as tools/io.ts decides (a TTY, not CI, no NO_COLOR); `env` decides it afresh (tests). */
export function paint(io: Io, env?: Readonly<Record<string, string | undefined>>): Paint {
  return (env ? colorWanted(io.isTty, env) : (io.color ?? io.isTty)) ? ansi : plain;
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
  // Older result objects (a library caller's) may lack `refusals`.
  const refusals = r.refusals ?? [];
  const expectedR = refusals.filter((x) => x.expected).length;
  const ref = refusals.length === 0 ? ''
    : `, ${plural(refusals.length, 'refusal')}${expectedR ? ` (${expectedR} expected)` : ''}`;
  const head = `${r.passed ? p.ok('PASS') : p.bad('FAIL')}  ${p.bold(r.name)}  ` +
    `${p.dim(`${plural(r.events, 'event')}, ${v}${ref}`)}`;
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
