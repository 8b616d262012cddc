/**
 * README "Replay modes": fold re-applies recorded events and checks state hashes (reducer
 * drift); reexec re-executes recorded commands and compares events (device-model change). Both
 * report the first divergent seq, with a structural diff.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/domain/commands.js';
import type { Event } from '../../../src/domain/events.js';
import { foldReplay, reexecReplay } from '../../../src/analysis/replay.js';
import type { EngineObserver } from '../../../src/engine/engine.js';
import type { Recorder } from '../../../src/trace/writer.js';
import { open, workload } from '../trace/helpers.js';

const trace = { checkpointEvery: 64, snapshotEvery: 400, snapshotSizeRatio: 0 };

/** Passes everything through, but the recorder sees `change(e)` for the event with seq `seq`. */
function tamperEvent(seq: number, change: (e: Event) => Event): (rec: Recorder) => EngineObserver {
  return (rec) => ({
    onCommand: (i, t, c) => rec.onCommand(i, t, c),
    onViolation: (v) => rec.onViolation(v),
    onEvent: (e, s) => rec.onEvent(e.seq === seq ? change(structuredClone(e)) : e, s),
  });
}

function tamperCommand(index: number, change: (c: Command) => Command): (rec: Recorder) => EngineObserver {
  return (rec) => ({
    onCommand: (i, t, c) => rec.onCommand(i, t, i === index ? change(structuredClone(c)) : c),
    onViolation: (v) => rec.onViolation(v),
    onEvent: (e, s) => rec.onEvent(e, s),
  });
}

const clean = workload(3000, { trace });
/** A completion in the middle of the run, and the submission command of another admin command. */
const completion = clean.events.find((e) => e.type === 'aq/completed' && e.seq > 1000 && e.status === 0)!;
const submit = clean.commands.find((c) => c.cmd.op === 'aq.submit' && c.index > 700)!;
const submitEvent = clean.events.find((e) => e.cause === submit.index)!;

describe('replay of an untouched trace', () => {
  it('fold verifies every checkpoint and reaches the last event', () => {
    const r = foldReplay(open(clean.bytes));
    expect(r.ok).toBe(true);
    expect(r.events).toBe(clean.events.length);
    expect(r.commands).toBe(clean.commands.length);
    expect(r.checkpoints).toBe(Math.ceil(clean.events.length / 64));
    expect(r.divergence).toBeNull();
  });

  it('reexec reproduces every event', () => {
    const r = reexecReplay(open(clean.bytes));
    expect(r.ok).toBe(true);
    expect(r.events).toBe(clean.events.length);
    expect(r.checkpoints).toBeGreaterThan(0);
  });

  it('a truncated trace replays up to its cut and says so', () => {
    const cut = clean.bytes.subarray(0, Math.floor(clean.bytes.length / 2));
    for (const r of [foldReplay(open(cut)), reexecReplay(open(cut))]) {
      expect(r.ok).toBe(true);
      expect(r.truncated).toBe(true);
      expect(r.events).toBeGreaterThan(100);
      expect(r.events).toBeLessThan(clean.events.length);
    }
  });
});

describe('a tampered event', () => {
  const tampered = workload(3000, { trace,
    tamper: tamperEvent(completion.seq, (e) => ({ ...e, qualifier: 7 }) as Event) });

  it('reexec reports exactly its seq, with a diff of the two events', () => {
    const r = reexecReplay(open(tampered.bytes));
    expect(r.ok).toBe(false);
    expect(r.divergence!.seq).toBe(completion.seq);
    expect(r.divergence!.diffOf).toBe('event');
    expect(r.divergence!.diff.entries).toEqual([{ path: 'qualifier', kind: 'changed', a: 7, b: 0 }]);
    expect(r.events).toBe(completion.seq);
  });

  it('fold cannot see it when its effect is gone by the next checkpoint (the command was reaped): reexec can', () => {
    expect(foldReplay(open(tampered.bytes)).ok).toBe(true);
  });

  it('fold reports the first checkpoint after a lasting change, and the window that holds it', () => {
    const use = clean.events.find((e) => e.type === 'aq/inUseSet' && e.seq > 200)!;
    const bad = workload(3000, { trace, tamper: tamperEvent(use.seq, (e) => ({ ...e, opcodes: [0] }) as Event) });
    const d = foldReplay(open(bad.bytes)).divergence!;
    expect(d.seq).toBe(Math.ceil((use.seq + 1) / 64) * 64 - 1);
    expect(d.range[0]).toBeLessThanOrEqual(use.seq);
    expect(d.range[1]).toBe(d.seq);
    expect(d.range[1] - d.range[0]).toBe(63);
    expect(d.reason).toMatch(/state hash after seq \d+ is [0-9a-f]{16}, recorded [0-9a-f]{16}/);
  });

  it('fold shows the recorded and folded states when a snapshot follows the drift', () => {
    const sriov = clean.events[0]!;
    expect(sriov.type).toBe('sriov/enabled');
    const bad = workload(3000, { trace, tamper: tamperEvent(0, (e) => ({ ...e, numVFs: 3 }) as Event) });
    const r = foldReplay(open(bad.bytes));
    expect(r.divergence!.seq).toBe(63);
    expect(r.divergence!.diffOf).toBe('state');
    const paths = r.divergence!.diff.entries.map((x) => x.path);
    expect(paths).toContain('sriov.numVFs');
    expect(paths).toContain('fns[4].life.alive');
  });
});

describe('a tampered command', () => {
  const tampered = workload(3000, { trace,
    tamper: tamperCommand(submit.index, (c) => ({ ...c, cmd: { opcode: 'LIST_QUERY', member: 3 } }) as Command) });

  it('reexec reports the first event of that command', () => {
    const r = reexecReplay(open(tampered.bytes));
    expect(r.ok).toBe(false);
    expect(r.divergence!.seq).toBe(submitEvent.seq);
    expect(r.divergence!.diff.entries.map((x) => x.path)).toEqual(expect.arrayContaining(['member']));
  });

  it('fold does not read commands, so it replays the recorded facts without complaint', () => {
    expect(foldReplay(open(tampered.bytes)).ok).toBe(true);
  });
});
