/**
 * Exploring from a recorded run (README "Systematic exploration", `--from-seq`): the run's commands
 * up to the event are replayed as they ran; from there, every other order of the rest.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { explore, problemFromTrace } from '../../../src/explore/index.js';
import { validateScenario } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { openTraceFile } from '../../../src/trace/file.js';

const TRACES = join(import.meta.dirname, '..', '..', '..', 'traces', 'regressions');
const trace = (name: string) => openTraceFile(join(TRACES, name), name);
const RESIZE = '0019-host-resize-disable-reenable-loses.vtrace';

describe('explore from a recorded race, near its end', () => {
  it('the host resize race from seq 10 on: the orders that lose the interrupt, and those that do not', () => {
    const problem = problemFromTrace(trace(RESIZE), RESIZE, { fromSeq: 10 });
    expect(problem.kind).toBe('trace');
    expect(problem.prefix.length).toBe(8); // commands 0..7 (the first notify's produced seq 10)
    const { report, findings } = explore(problem, { bounds: {} });
    expect(report.complete).toBe(true);
    expect(report.schedules).toBeGreaterThanOrEqual(3);
    expect(report.findings.map((f) => f.rule)).toEqual(['host.vfio.resize-loses-nothing']);
    // Not every order loses it: the interrupt before the unmask, or after the resize, is delivered.
    expect(report.violations['host.vfio.resize-loses-nothing']).toBeLessThan(report.schedules);
    const f = findings[0]!;
    const r = runScenario(validateScenario(JSON.parse(JSON.stringify(f.scenario)), 'repro.json'));
    expect(r.failures).toEqual([]);
    expect(r.violations.map((v) => v.rule)).toContain('host.vfio.resize-loses-nothing');
  });

  it('the VF-destroyed race from the submit on, under a deviation: other orders break the incarnation rule', () => {
    const name = '0017-vf-destroyed-mid-command-fail.vtrace';
    const prob = problemFromTrace(trace(name), name, { fromSeq: 2, profile: 'stale-incarnation-ok' });
    const { report } = explore(prob, { bounds: {} });
    expect(report.violations['device.aq.incarnation-bound']).toBeGreaterThan(0);
    expect(report.profile).toBe('stale-incarnation-ok');
  });

  it('without --from-seq the whole run is explored; a seq the trace does not have is bad input', () => {
    const whole = problemFromTrace(trace(RESIZE), RESIZE);
    expect(whole.prefix).toEqual([]);
    expect(() => problemFromTrace(trace(RESIZE), RESIZE, { fromSeq: 999 })).toThrow(InputError);
    const late = () => problemFromTrace(trace(RESIZE), RESIZE, { fromSeq: 999 });
    expect(late).toThrow(/999 is not an event of .*0019.*seqs 0\.\.20/);
  });
});
