/**
 * What `vtwin explore` explores (README "Systematic exploration"), as plain data (it crosses
 * worker threads): a device config, the commands each actor issues in its written order, split
 * into segments by barriers (`settle`), and the expectations to check along the way.
 *
 * - A command's expectations are the `expect` steps that follow it (before the next command): they
 *   are checked right after it ran, in every schedule.
 * - Expectations at the start of a segment (before its first command) are checked at the barrier
 *   that opens it, once all device work has run and liveness was judged.
 * - `expect: violation` only documents a known violation: in some orders the rule may not fire at
 *   all, so it is not asserted; its rule's violations are counted but are not findings.
 * - `step`, `pin` and `device.run` are ignored (every order is explored), and so is the seed.
 */
import type { DeviceConfig } from '../domain/config.js';
import type { Command } from '../domain/commands.js';
import type { Actor } from '../domain/items.js';
import { actorOf } from '../scenario/registry.js';
import { isControlStep, isExpectStep } from '../scenario/steps.js';
import type { ExpectStep, Scenario, ScenarioCommand } from '../scenario/types.js';

export interface LaneStep {
  /** Index of the step in the scenario, or of the command in the trace. */
  index: number;
  cmd: ScenarioCommand;
  /** Indices (into `Problem.expects`) checked right after the command. */
  expects: number[];
}

export interface Segment {
  /** Expectations checked when the segment opens (at the run's start, or at the barrier before it). */
  opening: number[];
  /** One lane per actor, in the order actors first appear; each in written order. */
  lanes: { actor: Actor; steps: LaneStep[] }[];
}

export interface Problem {
  /** The scenario or trace, as the user named it. */
  source: string;
  kind: 'scenario' | 'trace';
  config: DeviceConfig;
  /** Segments; every one but the last ends with a barrier. */
  segments: Segment[];
  /** Expectation steps, with the scenario index each came from. */
  expects: { index: number; step: ExpectStep }[];
  /** Rules an `expect: violation` documents. */
  documented: string[];
  /** Trace sources: commands replayed before exploring (scheduler picks included). */
  prefix: Command[];
  /** Trace sources: after which prefix commands (by position) the recorded run settled. */
  prefixSettles: number[];
}

function newSegment(): Segment {
  return { opening: [], lanes: [] };
}

function laneFor(seg: Segment, actor: Actor): LaneStep[] {
  let lane = seg.lanes.find((l) => l.actor === actor);
  if (!lane) {
    lane = { actor, steps: [] };
    seg.lanes.push(lane);
  }
  return lane.steps;
}

/** A scenario as an exploration problem; `profile` overrides the scenario's device profile. */
export function problemFromScenario(sc: Scenario, profile?: string): Problem {
  const segments: Segment[] = [newSegment()];
  const expects: Problem['expects'] = [];
  const documented: string[] = [];
  let anchor: LaneStep | null = null;
  sc.steps.forEach((step, index) => {
    const seg = segments[segments.length - 1]!;
    if (isExpectStep(step)) {
      if (step.expect === 'violation') {
        if (!documented.includes(String(step.rule))) documented.push(String(step.rule));
        return;
      }
      expects.push({ index, step });
      (anchor ? anchor.expects : seg.opening).push(expects.length - 1);
    } else if (isControlStep(step)) {
      if (step.op !== 'settle') return;
      segments.push(newSegment());
      anchor = null;
    } else {
      anchor = { index, cmd: step, expects: [] };
      laneFor(seg, actorOf(step)).push(anchor);
    }
  });
  const config = profile === undefined ? sc.device : { ...sc.device, profile };
  return { source: sc.file, kind: 'scenario', config, segments, expects, documented, prefix: [], prefixSettles: [] };
}

export interface RecordedRun {
  config: DeviceConfig;
  /** Every command of the run, in order (scheduler picks included). */
  commands: Command[];
  /** After which commands (index) the run settled. */
  settles: number[];
}

/**
 * A recorded run explored from command `from` on: commands before it are replayed as they ran;
 * from it on, the run's own inputs are kept (their scheduler picks dropped: every order of the
 * device work is explored), with a barrier wherever the recorded run settled.
 */
export function problemFromRun(source: string, run: RecordedRun, from: number, profile?: string): Problem {
  const segments: Segment[] = [newSegment()];
  const settlesAfter = new Set(run.settles.filter((c) => c >= from));
  for (let i = from; i < run.commands.length; i++) {
    const cmd = run.commands[i]!;
    const seg = segments[segments.length - 1]!;
    if (cmd.op !== 'device.run') laneFor(seg, actorOf(cmd)).push({ index: i, cmd, expects: [] });
    if (settlesAfter.has(i)) segments.push(newSegment());
  }
  const config = profile === undefined ? run.config : { ...run.config, profile };
  return {
    source,
    kind: 'trace',
    config,
    segments,
    expects: [],
    documented: [],
    prefix: run.commands.slice(0, from),
    prefixSettles: run.settles.filter((c) => c < from),
  };
}
