/** Traces as the fuzzer's inputs (a captured run) and outputs (a finding re-recorded). */
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../src/analysis/check.js';
import { reexecReplay } from '../../../src/analysis/replay.js';
import { defaultConfig } from '../../../src/domain/device.js';
import { memorySink } from '../../../src/trace/memory.js';
import { readInputs, recordRun } from '../../../src/trace/runs.js';
import { open, workload } from './helpers.js';

describe('traces for other tools', () => {
  it('readInputs gives back the config, seed and every command, in order', () => {
    const w = workload(1500, { device: { totalVFs: 6 }, seed: 9 });
    const got = readInputs(open(w.bytes));
    expect(got.config).toEqual(w.engine.config);
    expect(got.seed).toBe(9);
    expect(got.commands).toEqual(w.commands.map((c) => c.cmd));
    expect(got.truncated).toBe(false);
  });

  it('recordRun re-executes commands with every rule, settles, and records where it settled', () => {
    const config = defaultConfig({ totalVFs: 4, profile: 'stall-across-disable' });
    const commands = [
      { op: 'sriov.enable', numVFs: 2 },
      { op: 'aq.submit', tag: 'w', cmd: { opcode: 'LIST_QUERY' } },
      { op: 'sriov.disable' },
      { op: 'sriov.enable', numVFs: 2 },
    ] as const;
    const sink = memorySink();
    const summary = recordRun(sink, { config, seed: 4, producer: 'fuzz finding' }, commands);
    const r = open(sink.bytes());
    expect(r.index!.settles).toBe(1);
    expect(summary.violations).toBeGreaterThan(0);
    expect(Object.keys(r.index!.violationsByRule)).toContain('device.aq.all-complete-at-settle');
    expect(reexecReplay(open(sink.bytes())).ok).toBe(true);
    const check = checkTrace(open(sink.bytes()));
    expect(check.liveness).toBe('recorded-settles');
    expect(check.missing).toEqual([]);
  });
});
