import { describe, expect, it } from 'vitest';
import { foldReplay, reexecReplay } from '../../../src/analysis/replay.js';
import type { DeviceConfig } from '../../../src/domain/config.js';
import { defaultConfig } from '../../../src/domain/device.js';
import { TraceFormatError } from '../../../src/errors.js';
import { memorySink } from '../../../src/trace/memory.js';
import { openTrace } from '../../../src/trace/reader.js';
import { recordRun } from '../../../src/trace/runs.js';
import { bytesSource } from '../../../src/trace/source.js';

/** A trace as an older twin wrote it: its header config lacks an option added since. */
function olderTrace(edit: (c: Record<string, unknown>) => void): Uint8Array {
  // Edited in place: the engine takes a config resolveConfig returned as it is (an older writer's
  // config was valid then), where a copy would be resolved, and refused, again.
  const config = defaultConfig({ totalVFs: 4 }) as unknown as Record<string, unknown>;
  edit(config);
  const sink = memorySink();
  recordRun(sink, { config: config as unknown as DeviceConfig, seed: 3, producer: 'older twin' }, [
    { op: 'sriov.enable', numVFs: 2 },
    { op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY' } },
  ]);
  return sink.bytes();
}

describe('traces from before a device option existed (README "Guarantees": older traces migrated or refused)', () => {
  it('replay by fold and reexec with the new option at its default', () => {
    const bytes = olderTrace((c) => delete c.numVFs);
    const reader = openTrace(bytesSource(bytes, 'old.vtrace'));
    expect(reader.header.config.numVFs).toBe(0);
    expect(foldReplay(reader).ok).toBe(true);
    expect(reexecReplay(openTrace(bytesSource(bytes, 'old.vtrace'))).ok).toBe(true);
  });

  it('replay a run from before listMemberMustBeZero existed as that twin ran it: a LIST_QUERY with member 1 ' +
      'failed INVALID_MEMBER then (docs/ambiguities.md#a18-group_member_id-of-list_query-and-list_use)', () => {
    const config = { ...defaultConfig({ totalVFs: 4 }) } as Record<string, unknown>;
    delete config.listMemberMustBeZero;
    // The older device behaved as `true` does now, but its header had no such key: keep the
    // behaviour and hide the key from the header the recorder writes.
    Object.defineProperty(config, 'listMemberMustBeZero', { value: true, enumerable: false });
    const sink = memorySink();
    recordRun(sink, { config: config as unknown as DeviceConfig, seed: 3, producer: 'older twin' }, [
      { op: 'sriov.enable', numVFs: 2 },
      { op: 'aq.submit', tag: 'q', cmd: { opcode: 'LIST_QUERY', member: 1 } },
    ]);
    const bytes = sink.bytes();
    const reader = openTrace(bytesSource(bytes, 'old.vtrace'));
    expect(reader.header.config.listMemberMustBeZero).toBe(true);
    expect(foldReplay(reader).ok).toBe(true);
    expect(reexecReplay(openTrace(bytesSource(bytes, 'old.vtrace'))).divergence ?? null).toBeNull();
  });

  it('refuse a header whose device config is impossible, naming the field', () => {
    const bytes = olderTrace((c) => (c.aqDepth = 0));
    expect(() => openTrace(bytesSource(bytes, 'bad.vtrace'))).toThrow(TraceFormatError);
    expect(() => openTrace(bytesSource(bytes, 'bad.vtrace'))).toThrow(
      /bad\.vtrace: at byte \d+: the trace header's device config: trace header: config\.aqDepth: Too small/);
  });
});
