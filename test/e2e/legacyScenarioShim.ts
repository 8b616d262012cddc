/**
 * A stand-in for the scenario runner for scenarios/needs-irq: it validates every other step with
 * the scenario registry and runs the DESIGN §5 step kinds those files use; `msix.enable`
 * (interrupts area, not yet in the vocabulary) sets the VF's MSI-X Enable bit directly. Delete it
 * once msix.enable exists and the files move up to scenarios/.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from '../../src/domain/commands.js';
import { resolveConfig } from '../../src/domain/config.js';
import type { Event, EventOf } from '../../src/domain/events.js';
import { opSpec } from '../../src/scenario/registry.js';
import { qualifierName, statusName } from '../../src/domain/spec/names.js';
import { Engine } from '../../src/engine/engine.js';

type Step = Record<string, unknown>;
export interface ShimResult {
  failures: string[];
  violations: string[];
  engine: Engine;
}

function at(state: unknown, path: string): unknown {
  let cur: unknown = state;
  for (const seg of path.match(/[^.[\]]+/g) ?? []) cur = cur === undefined || cur === null ? undefined : (cur as Record<string, unknown>)[seg];
  return cur;
}

function toCommand(step: Step, i: number): Command {
  const spec = opSpec(step.op as string);
  if (!spec) throw new Error(`steps[${i}]: unknown op ${String(step.op)}`);
  const parsed = spec.schema.safeParse(step);
  if (!parsed.success) throw new Error(`steps[${i}]: ${JSON.stringify(parsed.error.issues[0])}`);
  return parsed.data as Command;
}

export function runScenarioFile(file: string): ShimResult {
  const sc = JSON.parse(readFileSync(file, 'utf8')) as { device?: object; seed?: number; steps: Step[] };
  const config = resolveConfig(sc.device ?? {}, file);
  const engine = new Engine({ config, seed: sc.seed ?? 0 });
  const log: Event[] = [];
  engine.addObserver({ onEvent: (e) => void log.push(e) });
  const failures: string[] = [];
  const named = new Set<string>();
  let lastOpEvents: Event[] = [];
  sc.steps.forEach((step, i) => {
    const fail = (m: string) => failures.push(`steps[${i}]: ${m}`);
    if (step.op === 'settle') return void engine.settle();
    if (step.op === 'msix.enable') return void (engine.state.fns[step.fn as number]!.msix.enabled = true);
    if (typeof step.op === 'string') {
      const before = log.length;
      engine.execute(toCommand(step, i));
      lastOpEvents = log.slice(before);
      return;
    }
    switch (step.expect) {
      case 'completion': {
        const sub = log.filter((e): e is EventOf<'aq/submitted'> => e.type === 'aq/submitted' && e.tag === step.tag).at(-1);
        const done = sub && log.find((e): e is EventOf<'aq/completed'> => e.type === 'aq/completed' && e.cid === sub.cid);
        if (!done) return fail(`${step.tag as string} never completed`);
        if (statusName(done.status) !== step.status) fail(`${step.tag as string}: status ${statusName(done.status)}, expected ${step.status as string}`);
        if (step.qualifier !== undefined && qualifierName(done.qualifier) !== step.qualifier) fail(`${step.tag as string}: qualifier ${qualifierName(done.qualifier)}`);
        if (step.result !== undefined && done.result !== step.result) fail(`${step.tag as string}: result ${done.result}`);
        return;
      }
      case 'state': {
        const got = at(engine.state, step.path as string);
        if (!isDeepStrictEqual(got, step.equals)) fail(`${step.path as string} = ${JSON.stringify(got)}, expected ${JSON.stringify(step.equals)}`);
        return;
      }
      case 'violation':
        named.add(step.rule as string);
        if (!engine.violations.some((v) => v.rule === step.rule)) fail(`${step.rule as string} did not fire`);
        return;
      case 'no-violations':
        if (engine.violations.length) fail(`violations: ${engine.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`);
        return;
      case 'refused': {
        const r = lastOpEvents.find((e) => 'errno' in e && /\/(refused|rejected)$/.test(e.type)) as { errno: string } | undefined;
        if (r?.errno !== step.errno) fail(`refused: got ${r?.errno ?? 'no refusal'}`);
        return;
      }
      default:
        fail(`unknown step ${JSON.stringify(step)}`);
    }
  });
  for (const v of engine.violations) if (!named.has(v.rule)) failures.push(`unexpected violation ${v.rule}: ${v.message}`);
  return { failures, violations: [...new Set(engine.violations.map((v) => v.rule))].sort(), engine };
}
