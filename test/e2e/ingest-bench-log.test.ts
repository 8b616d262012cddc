/**
 * The ingest bench's synthetic QEMU log (tools/bench/qemuLog.ts) is what the bench claims: a
 * deterministic capture of four legacy guests that the conforming twin finds consistent, so the
 * bench times the normal replay path, not divergence reporting.
 */
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { syntheticQemuLog } from '../../tools/bench/qemuLog.js';

describe('the ingest bench log', () => {
  it('is deterministic, names four VFs and is consistent with the spec twin, every kind of line used', () => {
    const text = syntheticQemuLog(20_000);
    expect(syntheticQemuLog(20_000)).toBe(text);
    const { report, events } = ingest(text, { file: 'bench.log' });
    expect(report.divergences).toEqual([]);
    expect(report.map).toEqual({
      '0000:65:00.1': 'vf1',
      '0000:65:00.2': 'vf2',
      '0000:65:00.3': 'vf3',
      '0000:65:00.4': 'vf4',
    });
    expect(report.lines).toBeGreaterThanOrEqual(20_000);
    expect(report.unknown).toEqual({});
    expect(Object.keys(report.ignored)).toEqual(['vfio_pci_read_config']);
    expect(report.observations).toBeGreaterThan(report.lines / 3);
    expect(events / report.lines).toBeGreaterThan(3);
  });
});
